namespace LoadSense.Core.Detection;

/// <summary>
/// Finds jumps as take-off, flight and landing on the low-passed acceleration magnitude: in
/// flight the body is in free fall and the sensor reads close to 0 g; the landing is a large
/// peak. Flight time t gives the jump height h = g t²/8. Each jump is emitted 0.2 s after
/// touch-down, when its landing peak is known; rope skipping yields one jump per skip.
/// </summary>
internal sealed class JumpDetector
{
    private const double StandardGravity = 9.80665;

    // The landing peak follows touch-down within a few tens of ms; 0.2 s covers soft landings.
    private const double LandingWindowS = 0.2;

    private readonly AnalyzerOptions _options;
    private Phase _phase;
    private double _previousTime = double.NaN;
    private float _previousMagnitude;
    private double _takeOffTime;
    private double _touchDownTime;
    private float _landingPeak;

    public JumpDetector(AnalyzerOptions options) => _options = options;

    private enum Phase
    {
        Ground,
        Flight,
        Landing,
    }

    /// <summary>Take-off time of a jump in progress (flight or landing), or +∞ when none is.</summary>
    public double JumpInProgressSince => _phase == Phase.Ground ? double.PositiveInfinity : _takeOffTime;

    /// <summary>Take-off and touch-down of the most recent jump found.</summary>
    public (double TakeOff, double TouchDown) LastJump { get; private set; } = (double.NegativeInfinity, double.NegativeInfinity);

    /// <summary>Runs over samples; <paramref name="magnitude"/> is the low-passed resultant in g.</summary>
    public void Process(ReadOnlySpan<double> time, ReadOnlySpan<float> magnitude, IEventScorer scorer, List<LoadEvent> events)
    {
        float threshold = (float)_options.FreeFallThresholdG;
        for (int i = 0; i < time.Length; i++)
        {
            double t = time[i];
            float m = magnitude[i];
            switch (_phase)
            {
                case Phase.Ground:
                    if (m < threshold && !double.IsNaN(_previousTime))
                    {
                        _takeOffTime = Crossing(_previousTime, _previousMagnitude, t, m, threshold);
                        _phase = Phase.Flight;
                    }

                    break;

                case Phase.Flight:
                    if (m >= threshold)
                    {
                        _touchDownTime = Crossing(_previousTime, _previousMagnitude, t, m, threshold);
                        double flight = _touchDownTime - _takeOffTime;
                        if (flight >= _options.JumpMinFlightS && flight <= _options.JumpMaxFlightS)
                        {
                            _phase = Phase.Landing;
                            _landingPeak = m;
                        }
                        else
                        {
                            _phase = Phase.Ground;
                        }
                    }

                    break;

                case Phase.Landing:
                    _landingPeak = Math.Max(_landingPeak, m);
                    if (t - _touchDownTime >= LandingWindowS)
                    {
                        _phase = Phase.Ground;
                        if (_landingPeak >= _options.JumpMinLandingG)
                        {
                            double flight = _touchDownTime - _takeOffTime;
                            float heightCm = (float)(StandardGravity * flight * flight / 8.0 * 100.0);
                            events.Add(new LoadEvent(_touchDownTime, LoadEventKind.Jump, _landingPeak, scorer.ImpactLoad(_landingPeak), heightCm));
                            LastJump = (_takeOffTime, _touchDownTime);
                        }
                    }

                    break;
            }

            _previousTime = t;
            _previousMagnitude = m;
        }
    }

    /// <summary>Forgets the signal (after a gap); found jumps are kept.</summary>
    public void Reset()
    {
        _phase = Phase.Ground;
        _previousTime = double.NaN;
    }

    // Linear interpolation of the threshold crossing between two samples: flight times are a
    // few tens of samples long, so one sample of error would be several percent of height.
    private static double Crossing(double t0, float m0, double t1, float m1, float level)
    {
        float span = m1 - m0;
        if (span == 0)
        {
            return t1;
        }

        double fraction = Math.Clamp((level - m0) / span, 0f, 1f);
        return t0 + ((t1 - t0) * fraction);
    }
}
