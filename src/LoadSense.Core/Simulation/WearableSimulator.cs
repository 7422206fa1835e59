namespace LoadSense.Core.Simulation;

/// <summary>
/// A synthetic wearable: gravity in a tilted device frame, walking, running, jumps, rope
/// skipping and resistance sets shaped after published accelerometer traces, with sensor noise
/// and jittered timestamps. It knows the truth of what it generated, for demos and tests.
/// Deterministic for a seed. Segments that do not touch leave a gap (sensor off).
/// </summary>
public sealed class WearableSimulator
{
    private const double StandardGravity = 9.80665;

    // ∫ exp(-(t/0.03)²) dt over t ≥ 0, in s: the area of a heel strike's pulse.
    private const double StrikePulseArea = 0.03 * 0.886226925;

    private readonly Placement _placement;
    private readonly double _rateHz;
    private readonly Random _random;
    private readonly List<(double Time, LoadEventKind Kind)> _truth = [];
    private readonly SampleBlock _block;

    // The device frame: up (gravity reads +1 g along it at rest), forward and lateral.
    private Vector _up;
    private Vector _forward;
    private Vector _lateral;
    private double _lastEmitted = double.NegativeInfinity;

    /// <summary>Creates a simulated sensor.</summary>
    public WearableSimulator(string deviceId, Placement placement, double rateHz, int seed, int blockSize = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rateHz, 10.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rateHz, 1000.0);
        _placement = placement;
        _rateHz = rateHz;
        _random = new Random(seed);
        _block = new SampleBlock(deviceId, blockSize) { SampleRateHz = rateHz };
        Orient();
    }

    /// <summary>Events generated so far, in time order per segment: step heel strikes, jump landings, repetition completions.</summary>
    public IReadOnlyList<(double Time, LoadEventKind Kind)> Truth => _truth;

    /// <summary>Generated jump flight times' heights in cm, in order.</summary>
    public List<double> JumpHeightsCm { get; } = [];

    /// <summary>
    /// Generates the plan's samples as blocks. The same block instance is reused: read it before
    /// asking for the next one.
    /// </summary>
    public IEnumerable<SampleBlock> Generate(IEnumerable<ActivitySegment> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (ActivitySegment segment in plan)
        {
            double dt = 1.0 / _rateHz;
            if (segment.Start - _lastEmitted > 2 * dt && _block.Count > 0)
            {
                yield return _block;
                _block.Clear();
            }

            if (segment.Start - _lastEmitted > 2 * dt)
            {
                _block.GapBefore = !double.IsNegativeInfinity(_lastEmitted);
                Orient();
            }

            var shape = new SegmentShape(segment, _placement, _random);
            _truth.AddRange(shape.Events);
            JumpHeightsCm.AddRange(shape.JumpHeightsCm);
            long samples = (long)(segment.DurationS * _rateHz);
            for (long k = 0; k < samples; k++)
            {
                double tau = k * dt;
                double jitter = _random.NextDouble() * 0.1 * dt;
                (double vertical, double forward, double lateral, double tilt) = shape.At(tau);
                Vector gravity = (_up * Math.Cos(tilt)) + (_forward * Math.Sin(tilt));
                Vector a = gravity + (_up * vertical) + (_forward * forward) + (_lateral * lateral);
                double noise = 0.008;
                _block.Add(
                    segment.Start + tau + jitter,
                    (float)(a.X + (Gaussian() * noise)),
                    (float)(a.Y + (Gaussian() * noise)),
                    (float)(a.Z + (Gaussian() * noise)));
                if (_block.IsFull)
                {
                    yield return _block;
                    _block.Clear();
                }
            }

            _lastEmitted = segment.Start + segment.DurationS - dt;
        }

        if (_block.Count > 0)
        {
            yield return _block;
            _block.Clear();
        }
    }

    private void Orient()
    {
        // A sensor is never put on twice the same way: tilt the frame by up to about 20°.
        _up = new Vector(0.15 + (0.3 * (_random.NextDouble() - 0.5)), 0.95, 0.2 * (_random.NextDouble() - 0.5)).Normalized();
        _forward = new Vector(0, 0, 1).Cross(_up).Normalized();
        _lateral = _up.Cross(_forward);
    }

    private double Gaussian()
    {
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private readonly record struct Vector(double X, double Y, double Z)
    {
        public static Vector operator +(Vector a, Vector b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

        public static Vector operator *(Vector a, double k) => new(a.X * k, a.Y * k, a.Z * k);

        public Vector Cross(Vector b) => new((Y * b.Z) - (Z * b.Y), (Z * b.X) - (X * b.Z), (X * b.Y) - (Y * b.X));

        public Vector Normalized()
        {
            double n = Math.Sqrt((X * X) + (Y * Y) + (Z * Z));
            return new Vector(X / n, Y / n, Z / n);
        }
    }

    /// <summary>
    /// The dynamic acceleration of one segment as a function of time since its start:
    /// (vertical, forward, lateral) in g added to gravity, and a tilt in radians of the
    /// device about its lateral axis. Event times are fixed when the segment is created.
    /// </summary>
    private sealed class SegmentShape
    {
        private readonly SimulatedActivity _activity;
        private readonly bool _wrist;
        private readonly double _cadence;
        private readonly double _impactG;
        private readonly double _start;
        private readonly List<Jump> _jumps = [];
        private readonly double _repPeriod;
        private readonly int _reps;

        public SegmentShape(ActivitySegment segment, Placement placement, Random random)
        {
            _activity = segment.Activity;
            _wrist = placement == Placement.Wrist;
            _start = segment.Start;
            switch (_activity)
            {
                case SimulatedActivity.Walk:
                    _cadence = 1.6 + (0.4 * random.NextDouble());
                    _impactG = _wrist ? 0.35 : 0.55 + (0.3 * random.NextDouble());
                    AddSteps(segment.DurationS);
                    break;
                case SimulatedActivity.Run:
                    _cadence = 2.6 + (0.2 * random.NextDouble());
                    _impactG = _wrist ? 1.2 : 2.0 + (0.6 * random.NextDouble());
                    AddSteps(segment.DurationS);
                    break;
                case SimulatedActivity.Jumps:
                    double t = 1.0;
                    while (_jumps.Count < segment.Count)
                    {
                        double flight = 0.33 + (0.15 * random.NextDouble());
                        var jump = new Jump(t, flight, (_wrist ? 3.0 : 4.8) + (1.2 * random.NextDouble()));
                        if (jump.End + 0.5 > segment.DurationS)
                        {
                            break;
                        }

                        _jumps.Add(jump);
                        t = jump.End + 1.2 + (1.3 * random.NextDouble());
                    }

                    break;
                case SimulatedActivity.RopeSkipping:
                    for (double s = 0.5; s + 1.2 < segment.DurationS && _jumps.Count < segment.Count; s += 0.5)
                    {
                        // Skipping has no countermovement: 0.25 s of contact, 0.25 s of flight (7.7 cm).
                        _jumps.Add(new Jump(s, 0.25, (_wrist ? 2.5 : 3.2) + (0.4 * random.NextDouble()), Skip: true));
                    }

                    break;
                case SimulatedActivity.LiftSet:
                    _repPeriod = (_wrist ? 2.4 : 3.0) + (0.6 * random.NextDouble());
                    _reps = Math.Min(segment.Count, (int)((segment.DurationS - 2.0) / _repPeriod));
                    for (int r = 1; r <= _reps; r++)
                    {
                        Events.Add((_start + 1.0 + (r * _repPeriod), LoadEventKind.Lift));
                    }

                    break;
            }

            foreach (Jump jump in _jumps)
            {
                Events.Add((_start + jump.TouchDown, LoadEventKind.Jump));
                JumpHeightsCm.Add(StandardGravity * jump.Flight * jump.Flight / 8 * 100);
            }
        }

        public List<(double Time, LoadEventKind Kind)> Events { get; } = [];

        public List<double> JumpHeightsCm { get; } = [];

        public (double Vertical, double Forward, double Lateral, double Tilt) At(double tau)
        {
            switch (_activity)
            {
                case SimulatedActivity.Walk:
                case SimulatedActivity.Run:
                {
                    double phase = tau * _cadence;
                    double sinceStrike = (phase - Math.Floor(phase)) / _cadence;
                    // The strike's pulse is taken off the stride's mean: over a stride the body
                    // neither rises nor falls, so the vertical acceleration averages 1 g.
                    double strike = _impactG * (Math.Exp(-Math.Pow(sinceStrike / 0.03, 2)) - (StrikePulseArea * _cadence));
                    double bounce = (_activity == SimulatedActivity.Run ? 0.6 : 0.25) * Math.Sin(2 * Math.PI * phase);
                    double swing = _wrist ? 0.45 * Math.Sin(Math.PI * phase) : 0;
                    return (strike + bounce, 0.15 * Math.Sin((2 * Math.PI * phase) + 1), 0.1 * Math.Sin(Math.PI * phase), swing);
                }

                case SimulatedActivity.Jumps:
                case SimulatedActivity.RopeSkipping:
                    // The latest jump begun wins: a skip's contact overlaps the previous skip's settling.
                    for (int j = _jumps.Count - 1; j >= 0; j--)
                    {
                        if (tau >= _jumps[j].Begin)
                        {
                            return tau < _jumps[j].End ? (_jumps[j].Vertical(tau) - 1.0, 0, 0, 0) : (0, 0, 0, 0);
                        }
                    }

                    return (0, 0, 0, 0);

                case SimulatedActivity.LiftSet:
                {
                    double inSet = tau - 1.0;
                    if (inSet < 0 || inSet >= _reps * _repPeriod)
                    {
                        return (0, 0, 0, 0);
                    }

                    // Squat: the pelvis tilts about 30° and the body moves up and down; curl: the forearm turns about 100°.
                    double cycle = 2 * Math.PI * inSet / _repPeriod;
                    double tilt = (_wrist ? 1.75 : 0.5) * (1 - Math.Cos(cycle)) / 2;
                    return (_wrist ? 0 : -0.12 * Math.Sin(cycle), 0, 0, tilt);
                }

                default:
                {
                    // Rest: fidgeting now and then.
                    double fidget = Math.Sin(2 * Math.PI * tau / 23.0) > 0.97 ? 0.05 * Math.Sin(2 * Math.PI * 2 * tau) : 0;
                    return (fidget, 0.5 * fidget, 0, 0.02 * Math.Sin(2 * Math.PI * tau / 300.0));
                }
            }
        }

        private void AddSteps(double durationS)
        {
            for (double t = 0; t < durationS - 0.05; t += 1.0 / _cadence)
            {
                Events.Add((_start + t, LoadEventKind.Step));
            }
        }

        /// <summary>One jump: countermovement, push, flight, landing, settling; times from the segment start.</summary>
        private readonly record struct Jump(double Begin, double Flight, double LandingG, bool Skip = false)
        {
            private double Prepare => Skip ? 0.25 : 0.8;

            public double TakeOff => Begin + Prepare;

            public double TouchDown => TakeOff + Flight;

            public double End => TouchDown + 0.6;

            public double Vertical(double tau)
            {
                if (tau < TakeOff)
                {
                    double p = tau - Begin;
                    if (Skip)
                    {
                        // Contact: the mean over contact must be 2 g so that the cycle averages 1 g.
                        return Math.PI * Math.Sin(Math.PI * p / Prepare);
                    }

                    // Unweighting for 0.5 s, then a 0.3 s push to about 2.2 g.
                    return p < 0.5 ? 1 - (0.6 * Math.Sin(Math.PI * p / 0.5)) : 1 + (1.2 * Math.Sin(Math.PI * (p - 0.5) / 0.3));
                }

                if (tau < TouchDown)
                {
                    return 0.02;
                }

                double since = tau - TouchDown;
                double spike = (LandingG - 1) * Math.Exp(-Math.Pow((since - 0.02) / 0.025, 2));
                return 1 + spike + (0.5 * Math.Exp(-since / 0.15) * Math.Sin(2 * Math.PI * 4 * since));
            }
        }
    }
}
