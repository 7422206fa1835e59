using System.Reactive.Disposables;
using System.Reactive.Linq;
using LoadSense.Core;
using LoadSense.Core.Simulation;

namespace LoadSense.Cli.Service;

/// <summary>
/// Simulated wearables streaming in real time, standing in for BLE sessions after the decoder:
/// each sensor sends a block of 50 samples when the wall clock (the injected
/// <see cref="TimeProvider"/>) reaches the block's last sample. One pacing loop releases the due
/// blocks of every sensor, so a thousand sensors need one timer, not a thousand. The samples
/// are a pre-generated round of the exercise programme per placement and variant, replayed
/// with advancing times, so that making data costs a copy, not a simulation. Sensors start a
/// fraction of a block apart, as real ones do, so that their blocks do not all fall due at once.
/// </summary>
internal sealed class SimulatedSensors : IDisposable
{
    // One second at 50 Hz.
    private const int BlockSize = 50;

    // Distinct rounds per placement: sensors share them (a few MB for any number of sensors),
    // and drift apart because the rounds differ in length.
    private const int Variants = 4;

    // How often the pacing loop looks for due blocks: a small part of a block's duration.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    private readonly int _count;
    private readonly double _rateHz;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<(Placement, int), Round> _rounds = [];
    private readonly List<Sensor> _joining = [];
    private readonly PriorityQueue<Sensor, double> _due = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _pacing;
    private bool _finished;

    /// <summary>Starts the pacing loop of <paramref name="count"/> sensors at <paramref name="rateHz"/>; it ends, completing every stream, when <paramref name="stop"/> is cancelled.</summary>
    public SimulatedSensors(int count, double rateHz, TimeProvider time, CancellationToken stop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(time);
        _count = count;
        _rateHz = rateHz;
        _time = time;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _pacing = PaceAsync(_stop.Token);
    }

    /// <summary>How many sensors the fleet paces.</summary>
    public int Count => _count;

    /// <summary>From the tick that found a block due to the return of its <c>OnNext</c>: analysed, events handed on.</summary>
    public LatencyRecorder Processing { get; } = new();

    /// <summary>From a block's last sample time to the tick that released it: the tick, or falling behind.</summary>
    public LatencyRecorder Lateness { get; } = new();

    /// <summary>
    /// The blocks of sensor <paramref name="index"/> (0 to count - 1), worn by someone following
    /// an endless exercise programme that starts at subscription, walking first so that steps
    /// show within seconds. One subscription per sensor; blocks are reused, read them in <c>OnNext</c>.
    /// </summary>
    public IObservable<SampleBlock> Stream(int index, string deviceId, Placement placement)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return Observable.Create<SampleBlock>(observer =>
        {
            lock (_gate)
            {
                if (_finished)
                {
                    observer.OnCompleted();
                    return Disposable.Empty;
                }

                Round round = RoundFor(placement, index % Variants);
                double phase = (double)index / _count * BlockSize / _rateHz;
                var sensor = new Sensor(new SampleBlock(deviceId, BlockSize) { SampleRateHz = _rateHz }, observer, round, UnixSeconds() - phase);
                _joining.Add(sensor);
                return Disposable.Create(() => sensor.Detached = true);
            }
        });
    }

    /// <summary>One round of the programme from <paramref name="start"/> (s): walking, rest, jumps, rest, a lift set, rest.</summary>
    public static IReadOnlyList<ActivitySegment> ProgrammeRound(double start, int seed)
    {
        var random = new Random(seed);
        (SimulatedActivity Activity, double Seconds, int Count)[] round =
        [
            (SimulatedActivity.Walk, 40 + (20 * random.NextDouble()), 0),
            (SimulatedActivity.Rest, 10, 0),
            (SimulatedActivity.Jumps, 40, 10),
            (SimulatedActivity.Rest, 20, 0),
            (SimulatedActivity.LiftSet, 40, 10),
            (SimulatedActivity.Rest, 20, 0),
        ];
        var segments = new List<ActivitySegment>(round.Length);
        double t = start;
        foreach ((SimulatedActivity activity, double seconds, int count) in round)
        {
            segments.Add(new ActivitySegment(t, activity, seconds, count));
            t += seconds;
        }

        return segments;
    }

    /// <summary>Stops the pacing loop (completing every stream) and waits for it.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _pacing.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private double UnixSeconds() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    private Round RoundFor(Placement placement, int variant)
    {
        if (!_rounds.TryGetValue((placement, variant), out Round? round))
        {
            round = Round.Generate(placement, variant + 1, _rateHz);
            _rounds.Add((placement, variant), round);
        }

        return round;
    }

    private async Task PaceAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Tick, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                ReleaseDue();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: every stream completes below, so that every analysis flushes.
        }

        List<Sensor> all;
        lock (_gate)
        {
            _finished = true;
            all = [.. _joining, .. _due.UnorderedItems.Select(item => item.Element)];
            _joining.Clear();
            _due.Clear();
        }

        foreach (Sensor sensor in all.Where(s => !s.Detached))
        {
            sensor.Observer.OnCompleted();
        }
    }

    private void ReleaseDue()
    {
        long tick = _time.GetTimestamp();
        double now = UnixSeconds();
        lock (_gate)
        {
            foreach (Sensor joined in _joining)
            {
                _due.Enqueue(joined, joined.Due);
            }

            _joining.Clear();
        }

        while (_due.TryPeek(out Sensor? sensor, out double due) && due <= now)
        {
            _due.Dequeue();
            if (sensor.Detached)
            {
                continue;
            }

            Lateness.Record(TimeSpan.FromSeconds(now - due));
            try
            {
                sensor.Observer.OnNext(sensor.Block);
            }
            catch (Exception ex)
            {
                // One failing stream must not stop the others: it ends with the error.
                sensor.Detached = true;
                sensor.Observer.OnError(ex);
                continue;
            }

            Processing.Record(_time.GetElapsedTime(tick));
            sensor.FillNext();
            _due.Enqueue(sensor, sensor.Due);
        }
    }

    /// <summary>One sensor: its reused block (filled with the next samples to send), where it is in its round.</summary>
    private sealed class Sensor
    {
        private readonly Round _round;
        private readonly double _origin;
        private int _position;
        private long _laps;

        public Sensor(SampleBlock block, IObserver<SampleBlock> observer, Round round, double origin)
        {
            Block = block;
            Observer = observer;
            _round = round;
            _origin = origin;
            FillNext();
        }

        public SampleBlock Block { get; }

        public IObserver<SampleBlock> Observer { get; }

        private volatile bool _detached;

        /// <summary>Unsubscribed or failed: the pacing loop drops it.</summary>
        public bool Detached
        {
            get => _detached;
            set => _detached = value;
        }

        /// <summary>When the block is due: the time of its last sample (Unix s).</summary>
        public double Due => Block.Time[^1];

        public void FillNext()
        {
            Block.Clear();
            while (!Block.IsFull)
            {
                double time = _origin + (_laps * _round.PeriodS) + _round.Time[_position];
                Block.Add(time, _round.X[_position], _round.Y[_position], _round.Z[_position]);
                if (++_position == _round.Time.Length)
                {
                    _position = 0;
                    _laps++;
                }
            }
        }
    }

    /// <summary>The samples of one programme round, times from 0; replayed every <see cref="PeriodS"/>.</summary>
    private sealed class Round(double[] time, float[] x, float[] y, float[] z, double periodS)
    {
        public double[] Time { get; } = time;

        public float[] X { get; } = x;

        public float[] Y { get; } = y;

        public float[] Z { get; } = z;

        public double PeriodS { get; } = periodS;

        public static Round Generate(Placement placement, int seed, double rateHz)
        {
            IReadOnlyList<ActivitySegment> round = ProgrammeRound(0, seed);
            var simulator = new WearableSimulator("round", placement, rateHz, seed, blockSize: 4096);
            List<double> time = [];
            List<float> x = [], y = [], z = [];
            foreach (SampleBlock block in simulator.Generate(round))
            {
                time.AddRange(block.Time);
                x.AddRange(block.X);
                y.AddRange(block.Y);
                z.AddRange(block.Z);
            }

            return new Round([.. time], [.. x], [.. y], [.. z], round[^1].Start + round[^1].DurationS);
        }
    }
}
