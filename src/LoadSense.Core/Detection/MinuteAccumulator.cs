using LoadSense.Core.Scoring;

namespace LoadSense.Core.Detection;

/// <summary>Collects one UTC minute of one stream; reused from minute to minute.</summary>
internal sealed class MinuteAccumulator
{
    // Stiles et al. 2017 (UK Biobank, wrist): seconds whose mean ENMO reaches 750 mg
    // (postmenopausal) and 1000 mg (premenopausal) relate to heel bone.
    private const float Stiles750Mg = 0.75f;
    private const float Stiles1000Mg = 1.0f;

    // A still sensor on a table varies by sensor noise (about 10 mg); worn, even at rest,
    // a minute moves the sensor by more than 50 mg on some axis.
    private const float WornRangeG = 0.05f;

    private readonly int[] _bands = new int[ImpactBands.MaxBands];
    private readonly float[] _min = new float[3];
    private readonly float[] _max = new float[3];
    private long _second;
    private double _secondEnmoSum;
    private int _secondSamples;
    private int _secondsAbove750;
    private int _secondsAbove1000;
    private int _samples;
    private int _steps;
    private int _jumps;
    private int _reps;
    private int _sets;
    private double _loadSum;
    private float _maxPeak;
    private float _maxJumpHeight;
    private float _jumpHeightSum;

    public long MinuteStart { get; private set; }

    public long MinuteEnd => MinuteStart + 60;

    public void Start(long minuteStart)
    {
        MinuteStart = minuteStart;
        Array.Clear(_bands);
        _min[0] = _min[1] = _min[2] = float.PositiveInfinity;
        _max[0] = _max[1] = _max[2] = float.NegativeInfinity;
        _second = long.MinValue;
        _secondEnmoSum = 0;
        _secondSamples = 0;
        _secondsAbove750 = _secondsAbove1000 = 0;
        _samples = _steps = _jumps = _reps = _sets = 0;
        _loadSum = 0;
        _maxPeak = _maxJumpHeight = _jumpHeightSum = 0;
    }

    public void AddSample(double time, float x, float y, float z, float magnitude)
    {
        _samples++;
        _min[0] = Math.Min(_min[0], x);
        _max[0] = Math.Max(_max[0], x);
        _min[1] = Math.Min(_min[1], y);
        _max[1] = Math.Max(_max[1], y);
        _min[2] = Math.Min(_min[2], z);
        _max[2] = Math.Max(_max[2], z);

        long second = (long)Math.Floor(time);
        if (second != _second)
        {
            CloseSecond();
            _second = second;
        }

        // ENMO: Euclidean norm minus one g, negatives set to zero (van Hees 2013; UK Biobank).
        _secondEnmoSum += Math.Max(magnitude - 1f, 0f);
        _secondSamples++;
    }

    public void AddEvent(in LoadEvent e, Placement placement)
    {
        _loadSum += e.Load;
        switch (e.Kind)
        {
            case LoadEventKind.Step:
                _steps++;
                break;
            case LoadEventKind.Jump:
                _jumps++;
                _maxJumpHeight = Math.Max(_maxJumpHeight, e.JumpHeightCm);
                _jumpHeightSum += e.JumpHeightCm;
                break;
            case LoadEventKind.Lift:
                _reps++;
                if (e.Rep == 1)
                {
                    _sets++;
                }

                return;
        }

        _maxPeak = Math.Max(_maxPeak, e.PeakG);
        int band = ImpactBands.BandOf(placement, e.PeakG - 1f);
        if (band >= 0)
        {
            _bands[band]++;
        }
    }

    public MinuteAggregate Close()
    {
        CloseSecond();
        bool worn = false;
        for (int axis = 0; axis < 3; axis++)
        {
            worn |= _max[axis] - _min[axis] >= WornRangeG;
        }

        return new MinuteAggregate
        {
            MinuteStart = MinuteStart,
            Samples = _samples,
            Worn = worn,
            Steps = _steps,
            Jumps = _jumps,
            LiftReps = _reps,
            LiftSets = _sets,
            ImpactBandCounts = (int[])_bands.Clone(),
            SecondsAbove750Mg = _secondsAbove750,
            SecondsAbove1000Mg = _secondsAbove1000,
            LoadSum = _loadSum,
            MaxPeakG = _maxPeak,
            MaxJumpHeightCm = _maxJumpHeight,
            JumpHeightSumCm = _jumpHeightSum,
        };
    }

    private void CloseSecond()
    {
        if (_secondSamples == 0)
        {
            return;
        }

        double mean = _secondEnmoSum / _secondSamples;
        if (mean >= Stiles750Mg)
        {
            _secondsAbove750++;
        }

        if (mean >= Stiles1000Mg)
        {
            _secondsAbove1000++;
        }

        _secondEnmoSum = 0;
        _secondSamples = 0;
    }
}
