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
        using var fleet = new Fleet(count: 2, rateHz: 50);
        Received first = fleet.Subscribe(0);
        Received second = fleet.Subscribe(1);

        // Blocks of 50 samples (1 s at 50 Hz); the second sensor runs half a block ahead.
        fleet.Time.Advance(TimeSpan.FromMilliseconds(500));
        await WaitUntilAsync(() => second.Count == 1);
        Assert.Equal(0, first.Count);
        fleet.Time.Advance(TimeSpan.FromMilliseconds(500));
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
        using var fleet = new Fleet(count: 1, rateHz: 50);
        Received received = fleet.Subscribe(0);

        // A round lasts 170 to 190 s.
        for (int second = 1; second <= 200; second++)
        {
            fleet.Time.Advance(TimeSpan.FromSeconds(1));
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
        using var fleet = new Fleet(count: 3, rateHz: 100);
        Received[] streams = [fleet.Subscribe(0), fleet.Subscribe(1), fleet.Subscribe(2)];

        await fleet.Stop.CancelAsync();

        await WaitUntilAsync(() => streams.All(r => r.Completed));
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

    /// <summary>Simulated sensors on a fake clock that starts at <see cref="Start"/>; subscriptions end with it.</summary>
    private sealed class Fleet : IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];
        private readonly SimulatedSensors _sensors;

        public Fleet(int count, double rateHz) => _sensors = new SimulatedSensors(count, rateHz, Time, Stop.Token);

        public FakeTimeProvider Time { get; } = new(Start);

        public CancellationTokenSource Stop { get; } = new();

        /// <summary>Subscribes to sensor <paramref name="index"/> (hip for even, wrist for odd).</summary>
        public Received Subscribe(int index)
        {
            var received = new Received();
            Placement placement = index % 2 == 0 ? Placement.Hip : Placement.Wrist;
            _subscriptions.Add(_sensors.Stream(index, $"sim-{index + 1:00}", placement).Subscribe(received.Add, received.Complete));
            return received;
        }

        public void Dispose()
        {
            _subscriptions.ForEach(s => s.Dispose());
            _sensors.Dispose();
            Stop.Dispose();
        }
    }

    /// <summary>Copies of what arrived (blocks are reused): first and last time and count.</summary>
    private sealed class Received
    {
        private volatile bool _completed;

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

        public bool Completed => _completed;

        public void Complete() => _completed = true;

        public void Add(SampleBlock block)
        {
            lock (_gate)
            {
                _blocks.Add((block.Time[0], block.Time[^1], block.Count));
            }
        }
    }
}
