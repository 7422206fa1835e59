using System.Reactive.Linq;
using LoadSense.Core;
using LoadSense.Core.Simulation;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Service;

/// <summary>
/// A simulated wearable streaming in real time: blocks leave when the wall clock (the injected
/// <see cref="TimeProvider"/>) reaches their last sample, one block per block duration, like
/// notifications from a sensor. Stands in for a BLE session after the decoder.
/// </summary>
internal static class SimulatedSensor
{
    // Block of 50 samples: one second at the default 50 Hz.
    private const int BlockSize = 50;

    /// <summary>
    /// The blocks of a simulated sensor worn by someone following an endless exercise programme
    /// that starts now. Completes (so that the analysis flushes) when <paramref name="stop"/> is cancelled.
    /// </summary>
    public static IObservable<SampleBlock> Stream(string deviceId, Placement placement, double rateHz, int seed, TimeProvider time, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Observable.Create<SampleBlock>(async (observer, unsubscribed) =>
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, unsubscribed);
            double start = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
            var simulator = new WearableSimulator(deviceId, placement, rateHz, seed, BlockSize);
            foreach (SampleBlock block in simulator.Generate(Programme(start, seed)))
            {
                double due = block.Time[block.Count - 1];
                double now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
                try
                {
                    if (due > now)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(due - now), time, both.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                observer.OnNext(block);
            }

            observer.OnCompleted();
        });
    }

    /// <summary>An endless programme from <paramref name="start"/> (Unix seconds): walking first, so that steps show within seconds.</summary>
    public static IEnumerable<ActivitySegment> Programme(double start, int seed)
    {
        var random = new Random(seed);
        double t = start;
        while (true)
        {
            (SimulatedActivity Activity, double Seconds, int Count)[] round =
            [
                (SimulatedActivity.Walk, 40 + (20 * random.NextDouble()), 0),
                (SimulatedActivity.Rest, 10, 0),
                (SimulatedActivity.Jumps, 40, 10),
                (SimulatedActivity.Rest, 20, 0),
                (SimulatedActivity.LiftSet, 40, 10),
                (SimulatedActivity.Rest, 20, 0),
            ];
            foreach ((SimulatedActivity activity, double seconds, int count) in round)
            {
                yield return new ActivitySegment(t, activity, seconds, count);
                t += seconds;
            }
        }
    }
}

/// <summary>A simulated sensor as a source of the recording service (<c>loadsense run --simulate N</c>).</summary>
internal sealed class SimulatedSource(DeviceState state, double rateHz, int seed, TimeProvider time, ILogger logger) : ISensorSource
{
    public DeviceState State { get; } = state;

    public IObservable<SampleBlock> Stream(CancellationToken stop) => Observable.Defer(() =>
    {
        string placement = State.Placement.ToString().ToLowerInvariant();
        Log.DeviceConnected(logger, State.DeviceId, "simulated", placement, State.Patient);
        return SimulatedSensor.Stream(State.DeviceId, State.Placement, rateHz, seed, time, stop);
    });
}
