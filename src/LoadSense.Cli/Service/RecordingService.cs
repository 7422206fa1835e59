using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using LoadSense.Cli.Commands;
using LoadSense.Cli.Configuration;
using LoadSense.Core;
using LoadSense.Core.Pipeline;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoadSense.Cli.Service;

/// <summary>
/// The background service of <c>loadsense run</c>: every device's blocks go through the same
/// analysis as replays (<see cref="AnalysisPipeline.Analyze"/> per device, merged), into the
/// store. On stop, sources complete, so every analyzer flushes what it holds before the last
/// write; the state file is refreshed every few seconds and once more at the end.
/// </summary>
internal sealed class RecordingService(
    ILoadStore store,
    LoadSenseSettings settings,
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
        var recorder = new ResultRecorder(store, run.Patient, zone, settings.Scoring, keepEvents: false);
        var analyses = new List<IObservable<AnalysisBatch>>();
        using var sensors = new SimulatedSensors(run.SimulatedSensors, run.SampleRateHz, time, stop.Token);
        for (int i = 0; i < run.SimulatedSensors; i++)
        {
            string id = $"sim-{i + 1:00}";
            Placement placement = i % 2 == 0 ? Placement.Hip : Placement.Wrist;
            var device = new DeviceState(id, run.Patient, placement, "simulated");
            _devices.Add(device);
            analyses.Add(sensors.Stream(i, id, placement)
                .Do(block => Seen(device, block), () => Stopped(device))
                .Analyze(placement, settings.Analyzer, settings.Scoring, TimeSpan.FromMinutes(2), Scheduler.Default));
            string where = placement.ToString().ToLowerInvariant();
            Log.DeviceConnected(logger, id, "simulated", where, run.Patient);
        }

        Task stateLoop = RefreshStateAsync(run, stop.Token);
        DateTimeOffset lastRecompute = time.GetUtcNow();
        try
        {
            // Writes and summaries take no token: after a stop they must still land (the flush).
            // The store is written on the task pool, never on the thread that analyses the blocks.
            await analyses.Merge()
                .ObserveOn(TaskPoolScheduler.Default)
                .Buffer(TimeSpan.FromSeconds(1), 256, Scheduler.Default)
                .Where(batches => batches.Count > 0)
                .Select(batches => Observable.FromAsync(async () =>
                {
                    await recorder.AppendAsync(batches, CancellationToken.None);
                    if (time.GetUtcNow() - lastRecompute >= RecomputeEvery)
                    {
                        lastRecompute = time.GetUtcNow();
                        await RecomputeAsync(recorder, zone);
                    }
                }))
                .Concat()
                .DefaultIfEmpty()
                .ToTask(CancellationToken.None);
            await RecomputeAsync(recorder, zone);
            Log.ServiceFlushed(logger, _devices.Count, recorder.MinuteCount);
            if (run.Measure)
            {
                await Console.Error.WriteAsync(LiveMeasurement.Report(sensors, run.SimulatedSensors, run.SampleRateHz, startedAt, time));
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
            foreach (DeviceState device in _devices)
            {
                device.SetState(Failure is null ? "stopped" : "failed");
            }

            await WriteStateAsync(run, running: false);
            lifetime.StopApplication();
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

    private async Task RecomputeAsync(ResultRecorder recorder, TimeZoneInfo zone)
    {
        await recorder.RecomputeDaysAsync(CancellationToken.None);
        // Keep yesterday: a late minute may still touch it.
        DateOnly today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        recorder.ForgetDaysBefore(today.AddDays(-1));
    }

    private async Task RefreshStateAsync(RunOptions run, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(run.StateIntervalSeconds), time);
        try
        {
            do
            {
                await WriteStateAsync(run, running: true);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
            // Stopping: the final state is written by the caller.
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
