using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using LoadSense.Cli.Commands;
using LoadSense.Cli.Configuration;
using LoadSense.Core;
using LoadSense.Core.Pipeline;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoadSense.Cli.Service;

/// <summary>
/// The background service of <c>loadsense run</c>: every source's blocks (a BLE session per paired
/// sensor, or simulated sensors: <see cref="ISensorSource"/>) go through the same analysis as
/// replays (<see cref="AnalysisPipeline.Analyze"/> per device, merged), into the store, one
/// <see cref="ResultRecorder"/> per patient. On stop, sources complete, so every analyzer flushes
/// what it holds before the last write; the state file is refreshed every few seconds and once
/// more at the end; a <see cref="DeviceTelemetry"/> record per device leaves every reporting interval.
/// </summary>
internal sealed class RecordingService(
    ILoadStore store,
    LoadSenseSettings settings,
    SensorSources sources,
    IOptions<RunOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<RecordingService> logger) : BackgroundService
{
    // Days are summarised again at most this often while running, and always at the end.
    private static readonly TimeSpan RecomputeEvery = TimeSpan.FromMinutes(1);

    private readonly List<DeviceState> _devices = [];
    /// <summary>What stopped the service when it failed; null when it stopped cleanly.</summary>
    public Exception? Failure { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RunOptions run = options.Value;
        DateTimeOffset startedAt = time.GetUtcNow();
        TimeZoneInfo zone = SettingsLoader.ResolveTimeZone(settings.TimeZone);
        // --seconds: a timeout on the injected clock, so that tests and demos stop by themselves.
        using var timeout = new CancellationTokenSource(run.StopAfterSeconds > 0 ? TimeSpan.FromSeconds(run.StopAfterSeconds) : Timeout.InfiniteTimeSpan, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        // Simulated sensors share one pacing loop, which ends (completing their streams) on stop.
        using SimulatedSensors? fleet = run.SimulatedSensors is { } count ? new SimulatedSensors(count, run.SampleRateHz, time, stop.Token) : null;
        IReadOnlyList<ISensorSource> all = fleet is null ? sources.Sources : SimulatedSource.All(fleet, run.Patient, logger);
        _devices.AddRange(all.Select(s => s.State));
        if (_devices.Count == 0)
        {
            Log.NoSensorsPaired(logger);
        }

        // One recorder per patient: the summaries of each patient's days are their own, and so
        // are the raw samples (InfluxDb:RawSamples) when they are kept.
        var recorders = new Dictionary<string, ResultRecorder>(StringComparer.Ordinal);
        var rawSinks = new List<IRawSampleSink>();
        foreach (string patient in _devices.Select(d => d.Patient).Distinct(StringComparer.Ordinal))
        {
            IRawSampleSink? raw = await CommandSupport.OpenRawSampleSinkAsync(settings, store, patient, stoppingToken);
            if (raw is not null)
            {
                rawSinks.Add(raw);
            }

            recorders[patient] = new ResultRecorder(store, patient, zone, settings.Scoring, keepEvents: false, raw);
        }

        var analyses = new List<IObservable<AnalysisBatch>>();
        foreach (ISensorSource source in all)
        {
            DeviceState device = source.State;
            analyses.Add(recorders[device.Patient].Tap(source.Stream(stop.Token), device.Placement)
                .Do(block => Seen(device, block), () => Stopped(device))
                .Analyze(device.Placement, settings.Analyzer, settings.Scoring, TimeSpan.FromMinutes(2), Scheduler.Default)
                .Do(LogProvisionalEvents));
        }

        Dictionary<string, string> patientOf = _devices.ToDictionary(d => d.DeviceId, d => d.Patient, StringComparer.Ordinal);
        // The state file at once and every few seconds; telemetry per interval. The last of each is
        // written after the flush, below.
        await WriteStateAsync(run, running: true);
        Task stateLoop = EveryAsync(TimeSpan.FromSeconds(run.StateIntervalSeconds), () => WriteStateAsync(run, running: true), stop.Token);
        Task telemetryLoop = EveryAsync(TimeSpan.FromSeconds(settings.Sensors.TelemetryIntervalSeconds), () => WriteTelemetryAsync(TakeTelemetry(), CancellationToken.None), stop.Token);
        DateTimeOffset lastRecompute = time.GetUtcNow();
        try
        {
            // Writes and summaries take no token: after a stop they must still land (the flush).
            // Without sources the service idles until stopped. The store is written on the task
            // pool, never on the thread that analyses the blocks.
            IObservable<AnalysisBatch> merged = analyses.Count > 0 ? analyses.Merge() : Observable.Create<AnalysisBatch>(o => stop.Token.Register(o.OnCompleted));
            await merged
                .ObserveOn(TaskPoolScheduler.Default)
                .Buffer(TimeSpan.FromSeconds(1), 256, Scheduler.Default)
                .Where(batches => batches.Count > 0)
                .Select(batches => Observable.FromAsync(async () =>
                {
                    foreach (IGrouping<string, AnalysisBatch> patient in batches.GroupBy(b => patientOf[b.DeviceId], StringComparer.Ordinal))
                    {
                        await SurviveStoreErrorAsync("results of this second (they are lost: see the outbox cap)", () => recorders[patient.Key].AppendAsync([.. patient], CancellationToken.None));
                    }

                    if (time.GetUtcNow() - lastRecompute >= RecomputeEvery)
                    {
                        lastRecompute = time.GetUtcNow();
                        await SurviveStoreErrorAsync("daily summaries (tried again in a minute)", () => RecomputeAsync(recorders.Values, zone));
                    }
                }))
                .Concat()
                .DefaultIfEmpty()
                .ToTask(CancellationToken.None);
            foreach (IRawSampleSink raw in rawSinks)
            {
                await raw.FlushAsync(CancellationToken.None);
            }

            await SurviveStoreErrorAsync("daily summaries (they stay out of date until those days are recorded or analysed again)", () => RecomputeAsync(recorders.Values, zone));
            int minutes = recorders.Values.Sum(r => r.MinuteCount);
            Log.ServiceFlushed(logger, _devices.Count, minutes);
            if (run.Measure && fleet is not null)
            {
                await Console.Error.WriteAsync(LiveMeasurement.Report(fleet, _devices.Count, run.SampleRateHz, startedAt, time));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failure = ex;
            Log.ServiceFailed(logger, ex);
        }
        finally
        {
            await stop.CancelAsync();
            await stateLoop;
            await telemetryLoop;
            foreach (DeviceState device in _devices)
            {
                device.SetState(Failure is null ? "stopped" : "failed");
            }

            await WriteStateAsync(run, running: false);
            await WriteTelemetryAsync(TakeTelemetry(), CancellationToken.None);
            foreach (IRawSampleSink raw in rawSinks)
            {
                await raw.DisposeAsync();
            }

            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// A store that cannot take a write (InfluxDB unreachable for a read-back, a full outbox, a
    /// locked file) must not stop the recording of every sensor: the failure is logged and the
    /// service goes on. Days whose summary could not be recomputed stay due and are tried again.
    /// </summary>
    private async Task SurviveStoreErrorAsync(string what, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ObjectDisposedException)
        {
            Log.StoreWriteFailed(logger, what, ex);
        }
    }

    // A live display (or a debug log) hears of a set's first repetitions and of jumps whose
    // flight was not seen at once; the store gets them as events once they are decided.
    private void LogProvisionalEvents(AnalysisBatch batch)
    {
        foreach (ProvisionalEvent provisional in batch.ProvisionalEvents)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                DateTimeOffset happened = DateTimeOffset.UnixEpoch.AddSeconds(provisional.Time);
                Log.ProvisionalEvent(logger, batch.DeviceId, provisional.Kind, happened, provisional.State);
            }
        }
    }

    private void Stopped(DeviceState device)
    {
        device.SetState("stopped");
        long samples = device.Snapshot().Samples;
        Log.DeviceStopped(logger, device.DeviceId, samples);
    }

    private void Seen(DeviceState device, SampleBlock block)
    {
        if (block.GapBefore)
        {
            DateTimeOffset? last = device.Snapshot().LastSample;
            Log.GapInStream(logger, device.DeviceId, last, block.Time[0]);
        }

        device.Received(block);
    }

    // Every patient's touched days, each patient tried even when another fails (a failed one's
    // days stay due in the outbox), then the days earlier runs left due; the first failure is rethrown.
    private async Task RecomputeAsync(IEnumerable<ResultRecorder> recorders, TimeZoneInfo zone)
    {
        // Keep yesterday: a late minute may still touch it.
        DateOnly today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        Exception? failure = null;
        foreach (ResultRecorder recorder in recorders)
        {
            try
            {
                await recorder.RecomputeDaysAsync(CancellationToken.None);
                recorder.ForgetDaysBefore(today.AddDays(-1));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure ??= ex;
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        if (store is OutboxLoadStore outboxStore)
        {
            await ResultRecorder.RecomputeDueDaysAsync(outboxStore, zone, settings.Scoring, CancellationToken.None);
        }
    }

    private List<DeviceTelemetry> TakeTelemetry()
    {
        DateTimeOffset now = time.GetUtcNow();
        return [.. _devices.Select(d => d.TakeTelemetry(now))];
    }

    /// <summary>Runs <paramref name="work"/> every <paramref name="interval"/> on the injected clock until <paramref name="stop"/>.</summary>
    private async Task EveryAsync(TimeSpan interval, Func<Task> work, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await work();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the caller writes the last one.
        }
    }

    /// <summary>
    /// Stores one telemetry record per device (counts for the interval) and, with InfluxDB, the
    /// gateway's outbox backlog. A failure is logged, never fatal: recording matters more.
    /// </summary>
    private async Task WriteTelemetryAsync(List<DeviceTelemetry> records, CancellationToken cancellationToken)
    {
        foreach (DeviceTelemetry t in records)
        {
            Log.Telemetry(logger, t.DeviceId, t.PatientId, t.State, t.Samples, t.LostFrames, t.MalformedFrames, t.Gaps, t.GapSeconds, t.Reconnects, new(t.BatteryPercent, "%"), new(t.RssiDbm, "dBm"));
        }

        try
        {
            if (records.Count > 0)
            {
                await store.AppendTelemetryAsync(records, cancellationToken);
            }

            if (store is OutboxLoadStore outbox)
            {
                await outbox.RecordBacklogAsync(settings.GatewayName, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.TelemetryFailed(logger, ex);
        }
    }

    private async Task WriteStateAsync(RunOptions run, bool running)
    {
        var status = new ServiceStatus(time.GetUtcNow(), running, [.. _devices.Select(d => d.Snapshot())]);
        try
        {
            await ServiceStateFile.WriteAsync(run.StateFile, status, CancellationToken.None);
        }
        catch (IOException ex)
        {
            // The state file is a convenience; recording goes on without it.
            Log.StateFileFailed(logger, run.StateFile, ex);
        }
    }
}
