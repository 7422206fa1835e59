using LoadSense.Cli.Service;
using LoadSense.Core;
using Microsoft.Extensions.Time.Testing;

namespace LoadSense.Cli.Tests.Service;

public sealed class SimulatedSensorsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly double StartS = Start.ToUnixTimeSeconds();

    [Fact]
    public async Task Stream_ClockReachesTheLastSample_ReleasesTheBlockAndSensorsArePhasedApart()
    {
        var time = new FakeTimeProvider(Start);
        using var stop = new CancellationTokenSource();
        using var sensors = new SimulatedSensors(2, 50, time, stop.Token);
        var first = new Received();
        var second = new Received();
        using IDisposable a = sensors.Stream(0, "sim-01", Placement.Hip).Subscribe(first.Add);
        using IDisposable b = sensors.Stream(1, "sim-02", Placement.Wrist).Subscribe(second.Add);

        // Blocks of 50 samples (1 s at 50 Hz); the second sensor runs half a block ahead.
        time.Advance(TimeSpan.FromMilliseconds(500));
        await WaitUntilAsync(() => second.Count == 1);
        Assert.Equal(0, first.Count);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await WaitUntilAsync(() => first.Count == 1);

        (double firstTime, double lastTime, int count) = second.Blocks[0];
        Assert.Equal(50, count);
        Assert.InRange(lastTime, StartS + 0.45, StartS + 0.5);
        Assert.InRange(firstTime, StartS - 0.5, StartS - 0.49);
        Assert.InRange(first.Blocks[0].LastTime, StartS + 0.95, StartS + 1.0);
    }

    [Fact]
    public async Task Stream_BeyondOneRoundOfTheProgramme_TimesGoOnWithoutAGap()
    {
        var time = new FakeTimeProvider(Start);
        using var stop = new CancellationTokenSource();
        using var sensors = new SimulatedSensors(1, 50, time, stop.Token);
        var received = new Received();
        using IDisposable subscription = sensors.Stream(0, "sim-01", Placement.Hip).Subscribe(received.Add);

        // A round lasts 170 to 190 s.
        for (int second = 1; second <= 200; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await WaitUntilAsync(() => received.Count == second);
        }

        for (int i = 1; i < received.Blocks.Count; i++)
        {
            double step = received.Blocks[i].FirstTime - received.Blocks[i - 1].LastTime;
            Assert.InRange(step, 0.001, 0.05);
        }
    }

    [Fact]
    public async Task Stream_StopCancelled_CompletesEveryStream()
    {
        var time = new FakeTimeProvider(Start);
        using var stop = new CancellationTokenSource();
        using var sensors = new SimulatedSensors(3, 100, time, stop.Token);
        int completed = 0;
        var subscriptions = Enumerable.Range(0, 3)
            .Select(i => sensors.Stream(i, $"sim-{i}", Placement.Hip).Subscribe(_ => { }, () => Interlocked.Increment(ref completed)))
            .ToList();

        await stop.CancelAsync();

        await WaitUntilAsync(() => Volatile.Read(ref completed) == 3);
        subscriptions.ForEach(s => s.Dispose());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // The pacing loop runs on the thread pool: give it real time to act on the fake clock.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(1, timeout.Token);
        }
    }

    /// <summary>Copies of what arrived (blocks are reused): first and last time and count.</summary>
    private sealed class Received
    {
        private readonly Lock _gate = new();
        private readonly List<(double FirstTime, double LastTime, int Count)> _blocks = [];

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _blocks.Count;
                }
            }
        }

        public List<(double FirstTime, double LastTime, int Count)> Blocks
        {
            get
            {
                lock (_gate)
                {
                    return [.. _blocks];
                }
            }
        }

        public void Add(SampleBlock block)
        {
            lock (_gate)
            {
                _blocks.Add((block.Time[0], block.Time[^1], block.Count));
            }
        }
    }
}
