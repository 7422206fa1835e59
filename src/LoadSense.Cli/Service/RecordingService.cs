using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
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
/// <see cref="ResultRecorder"/> per patient. While it runs, sensors paired or unpaired
/// (<see cref="PairedSensorSessions"/>) join or leave: an unpaired sensor's stream completes, so its
/// analyzer flushes, as every source's does on stop before the last write. The state file is
/// refreshed every few seconds and once more at the end; a <see cref="DeviceTelemetry"/> record
/// per device leaves every reporting interval.
/// </summary>
internal sealed class RecordingService(
    ILoadStore store,
    LoadSenseSettings settings,
    PairedSensorSessions paired,
    IOptions<RunOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<RecordingService> logger) : BackgroundService
{
    // Days are summarised again at most this often while running, and always at the end.
    private static readonly TimeSpan RecomputeEvery = TimeSpan.FromMinutes(1);

    // Replaced whole when a sensor joins or leaves, so that the state and telemetry loops read a
    // consistent snapshot without a lock.
    private ImmutableList<DeviceState> _devices = [];
    // One recorder per patient: the summaries of each patient's days are their own, and so are the
    // raw samples (InfluxDb:RawSamples) when they are kept. Added to while the writes read it.
    private readonly ConcurrentDictionary<string, ResultRecorder> _recorders = new(StringComparer.Ordinal);
    // Touched only by the flow that starts and stops sources (at start, then one reload at a time).
    private readonly List<IRawSampleSink> _rawSinks = [];
    private readonly Dictionary<PairedSensor, RunningSensor> _running = [];

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
        IReadOnlyList<ISensorSource> simulated = fleet is null ? [] : SimulatedSource.All(fleet, run.Patient, logger);
        // Every device's analysis joins this stream when its source starts (at start, or when its
        // sensor is paired while running) and completes with the source; the merged stream ends
        // once no source can join any more (stop) and every one has completed.
        using var analyses = new Subject<IObservable<DeviceBatch>>();
        IObservable<DeviceBatch> merged = analyses.Merge();
        Task written = StoreAsync(merged, zone);
        foreach (ISensorSource source in simulated)
        {
            await StartAsync(source, analyses, zone, stop.Token);
        }

        if (fleet is null)
        {
            await FollowPairingAsync(analyses, zone, announce: false, stop.Token);
        }

        if (_devices.IsEmpty)
        {
            Log.NoSensorsPaired(logger);
        }

        // The state file at once and every few seconds; telemetry per interval. The last of each is
        // written after the flush, below.
        await WriteStateAsync(run, running: true);
        Task stateLoop = EveryAsync(TimeSpan.FromSeconds(run.StateIntervalSeconds), () => WriteStateAsync(run, running: true), stop.Token);
        Task telemetryLoop = EveryAsync(TimeSpan.FromSeconds(settings.Sensors.TelemetryIntervalSeconds), () => WriteTelemetryAsync(TakeTelemetry(), CancellationToken.None), stop.Token);
        Task following = FollowPairingUntilStoppedAsync(fleet is null, analyses, zone, stop.Token);
        try
        {
            await written;
            foreach (IRawSampleSink raw in _rawSinks)
            {
                await raw.FlushAsync(CancellationToken.None);
            }

            await SurviveStoreErrorAsync("daily summaries (they stay out of date until those days are recorded or analysed again)", () => RecomputeAsync(_recorders.Values, zone));
            int minutes = _recorders.Values.Sum(r => r.MinuteCount);
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
            await following;
            await stateLoop;
            await telemetryLoop;
            foreach (DeviceState device in _devices)
            {
                device.SetState(Failure is null ? "stopped" : "failed");
            }

            await WriteStateAsync(run, running: false);
            await WriteTelemetryAsync(TakeTelemetry(), CancellationToken.None);
            foreach (IRawSampleSink raw in _rawSinks)
            {
                await raw.DisposeAsync();
            }

            foreach (RunningSensor sensor in _running.Values)
            {
                sensor.Stop.Dispose();
            }

            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// Every second's results into their patients' recorders, on the task pool (never on the thread
    /// that analyses the blocks), summaries recomputed every minute; completes when
    /// <paramref name="analyses"/> does. Subscribes at once.
    /// </summary>
    private async Task StoreAsync(IObservable<DeviceBatch> analyses, TimeZoneInfo zone)
    {
        DateTimeOffset lastRecompute = time.GetUtcNow();
        // Writes and summaries take no token: after a stop they must still land (the flush).
        await analyses
            .ObserveOn(TaskPoolScheduler.Default)
            .Buffer(TimeSpan.FromSeconds(1), 256, Scheduler.Default)
            .Where(batches => batches.Count > 0)
            .Select(batches => Observable.FromAsync(async () =>
            {
                foreach (IGrouping<ResultRecorder, DeviceBatch> patient in batches.GroupBy(b => b.Recorder))
                {
                    await SurviveStoreErrorAsync("results of this second (they are lost: see the outbox cap)", () => patient.Key.AppendAsync([.. patient.Select(b => b.Batch)], CancellationToken.None));
                }

                if (time.GetUtcNow() - lastRecompute >= RecomputeEvery)
                {
                    lastRecompute = time.GetUtcNow();
                    await SurviveStoreErrorAsync("daily summaries (tried again in a minute)", () => RecomputeAsync(_recorders.Values, zone));
                }
            }))
            .Concat()
            .DefaultIfEmpty()
            .ToTask(CancellationToken.None);
    }

    /// <summary>
    /// Starts a source's analysis: its patient's recorder (opened when the patient is first seen),
    /// its line in the state file and its telemetry. Returns the task of its stream's end.
    /// </summary>
    private async Task<Task> StartAsync(ISensorSource source, IObserver<IObservable<DeviceBatch>> analyses, TimeZoneInfo zone, CancellationToken stop)
    {
        DeviceState device = source.State;
        ResultRecorder recorder = await RecorderOfAsync(device.Patient, zone);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ImmutableInterlocked.Update(ref _devices, devices => devices.Add(device));
        analyses.OnNext(recorder.Tap(source.Stream(stop), device.Placement)
            .Do(
                block => Seen(device, block),
                () =>
                {
                    Stopped(device);
                    ended.TrySetResult();
                })
            .Analyze(device.Placement, settings.Analyzer, settings.Scoring, TimeSpan.FromMinutes(2), Scheduler.Default)
            .Do(LogProvisionalEvents)
            .Select(batch => new DeviceBatch(recorder, batch)));
        return ended.Task;
    }

    private async Task<ResultRecorder> RecorderOfAsync(string patient, TimeZoneInfo zone)
    {
        if (_recorders.TryGetValue(patient, out ResultRecorder? known))
        {
            return known;
        }

        IRawSampleSink? raw = await CommandSupport.OpenRawSampleSinkAsync(settings, store, patient, CancellationToken.None);
        if (raw is not null)
        {
            _rawSinks.Add(raw);
        }

        // Only this flow adds recorders, so the patient is still missing here.
        return _recorders[patient] = new ResultRecorder(store, patient, zone, settings.Scoring, keepEvents: false, raw);
    }

    /// <summary>
    /// Reads the paired sensors again every <c>Sensors:PairedReloadSeconds</c> until stopped (BLE
    /// only), then lets the analyses complete: no source can join any more. A failure of its own is
    /// the service's (through the analyses).
    /// </summary>
    private async Task FollowPairingUntilStoppedAsync(bool ble, IObserver<IObservable<DeviceBatch>> analyses, TimeZoneInfo zone, CancellationToken stop)
    {
        try
        {
            if (ble)
            {
                await EveryAsync(TimeSpan.FromSeconds(settings.Sensors.PairedReloadSeconds), () => FollowPairingAsync(analyses, zone, announce: true, stop), stop);
            }
            else
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            analyses.OnCompleted();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            analyses.OnError(ex);
        }
    }

    /// <summary>
    /// Stops the sessions of sensors no longer paired (their streams complete, so their results
    /// are stored) and starts those of sensors paired since.
    /// </summary>
    private async Task FollowPairingAsync(IObserver<IObservable<DeviceBatch>> analyses, TimeZoneInfo zone, bool announce, CancellationToken stop)
    {
        PairingChanges changes = await paired.ReloadAsync(_running.Keys, stop);
        foreach (PairedSensor sensor in changes.ToStop)
        {
            RunningSensor running = _running[sensor];
            _running.Remove(sensor);
            using (running.Stop)
            {
                await running.Stop.CancelAsync();
                // Its goodbye (STOP, disconnect) is bounded; a sensor paired again must not overlap it.
                await running.Ended.WaitAsync(stop);
            }

            ImmutableInterlocked.Update(ref _devices, devices => devices.Remove(running.Device));
            // The telemetry of its last interval, since it leaves the telemetry loop now.
            await WriteTelemetryAsync([running.Device.TakeTelemetry(time.GetUtcNow())], CancellationToken.None);
            Log.SensorUnpaired(logger, sensor.Address);
        }

        foreach (BleSensorSession session in changes.ToStart)
        {
            var sessionStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
            try
            {
                Task ended = await StartAsync(session, analyses, zone, sessionStop.Token);
                _running[session.Sensor] = new RunningSensor(session.State, sessionStop, ended);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not running, so the next reload tries again.
                sessionStop.Dispose();
                Log.PairedSensorNotStarted(logger, session.Sensor.Address, ex);
                continue;
            }

            if (announce)
            {
                Log.PairedSensorPickedUp(logger, session.Sensor.Address, session.Sensor.Patient);
            }
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
        if (batch.ProvisionalEvents.Count == 0 || !logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        foreach (ProvisionalEvent provisional in batch.ProvisionalEvents)
        {
            DateTimeOffset happened = DateTimeOffset.UnixEpoch.AddSeconds(provisional.Time);
            Log.ProvisionalEvent(logger, batch.DeviceId, provisional.Kind, happened, provisional.State);
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

    /// <summary>One device's analysed second, with the recorder of its patient.</summary>
    private readonly record struct DeviceBatch(ResultRecorder Recorder, AnalysisBatch Batch);

    /// <summary>A paired sensor's running session: its state, what stops it, and the end of its stream.</summary>
    private sealed record RunningSensor(DeviceState Device, CancellationTokenSource Stop, Task Ended);

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

        await SurviveStoreErrorAsync("device telemetry", async () =>
        {
            if (records.Count > 0)
            {
                await store.AppendTelemetryAsync(records, cancellationToken);
            }

            if (store is OutboxLoadStore outbox)
            {
                await outbox.RecordBacklogAsync(settings.GatewayName, cancellationToken);
            }
        });
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
