namespace LoadSense.Core.Detection;

/// <summary>
/// Counts resistance-training repetitions on the slow (low-passed) acceleration vector, which
/// during a lift is dominated by the limb's or trunk's change of orientation against gravity.
/// The vector's deviation from its running mean is projected on its principal direction
/// (exponentially weighted covariance, one power iteration per block); a repetition is one
/// excursion to one side of the mean and back to the other, with hysteresis of
/// <see cref="AnalyzerOptions.LiftMinAmplitudeG"/>, emitted when the limb comes back (its
/// completion). Repetitions closer than <see cref="AnalyzerOptions.LiftSetGapS"/> form a set.
/// Nothing counts while the person walks (arm swing is periodic too).
/// </summary>
internal sealed class LiftDetector
{
    // The running mean follows posture changes between sets but not a single repetition.
    private const double MeanTimeConstantS = 4.0;

    // The principal direction adapts within a couple of repetitions.
    private const double CovarianceTimeConstantS = 5.0;

    // A half repetition (lift or lower) that takes longer than this is not part of a set.
    private const double MaxHalfRepS = 6.0;

    // A jump's countermovement and landing tilt the trunk like a squat: no repetition counts
    // from 1.5 s before take-off to 6 s after touch-down (the running mean needs that long to settle).
    private const double JumpQuietS = 6.0;

    private readonly AnalyzerOptions _options;
    private readonly double[] _mean = new double[3];
    private readonly double[] _covariance = new double[6]; // xx, yy, zz, xy, xz, yz
    private readonly double[] _direction = [0, 0, 1];
    private bool _initialised;

    private int _side;
    private int _halfCycles;
    private double _lastTurnTime = double.NegativeInfinity;
    private double _lastRepTime = double.NegativeInfinity;
    private float _peakG;
    private int _set;
    private int _rep;

    public LiftDetector(AnalyzerOptions options) => _options = options;

    /// <summary>
    /// Runs over samples: <paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/> are the
    /// low-passed axes in g, <paramref name="impact"/> the magnitude whose maximum over a repetition is its peak.
    /// </summary>
    public void Process(
        ReadOnlySpan<double> time,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> y,
        ReadOnlySpan<float> z,
        ReadOnlySpan<float> impact,
        StepDetector steps,
        JumpDetector jumps,
        IEventScorer scorer,
        List<LoadEvent> events)
    {
        if (time.Length == 0)
        {
            return;
        }

        if (!_initialised)
        {
            _mean[0] = x[0];
            _mean[1] = y[0];
            _mean[2] = z[0];
            _initialised = true;
        }

        double meanInterval = time.Length > 1 ? (time[^1] - time[0]) / (time.Length - 1) : 0;
        double meanWeight = meanInterval / (MeanTimeConstantS + meanInterval);
        double covWeight = meanInterval / (CovarianceTimeConstantS + meanInterval);

        float threshold = (float)_options.LiftMinAmplitudeG;
        double ex = _direction[0], ey = _direction[1], ez = _direction[2];
        for (int i = 0; i < time.Length; i++)
        {
            double t = time[i];
            double dx = x[i] - _mean[0], dy = y[i] - _mean[1], dz = z[i] - _mean[2];
            _mean[0] += meanWeight * dx;
            _mean[1] += meanWeight * dy;
            _mean[2] += meanWeight * dz;
            _covariance[0] += covWeight * ((dx * dx) - _covariance[0]);
            _covariance[1] += covWeight * ((dy * dy) - _covariance[1]);
            _covariance[2] += covWeight * ((dz * dz) - _covariance[2]);
            _covariance[3] += covWeight * ((dx * dy) - _covariance[3]);
            _covariance[4] += covWeight * ((dx * dz) - _covariance[4]);
            _covariance[5] += covWeight * ((dy * dz) - _covariance[5]);

            _peakG = Math.Max(_peakG, impact[i]);
            float projection = (float)((dx * ex) + (dy * ey) + (dz * ez));
            int side = projection > threshold ? 1 : projection < -threshold ? -1 : 0;
            if (side != 0 && side != _side)
            {
                Turn(t, side, steps, jumps, scorer, events);
            }
        }

        UpdateDirection();
    }

    /// <summary>Forgets the signal (after a gap); set numbering goes on.</summary>
    public void Reset()
    {
        _initialised = false;
        _side = 0;
        _halfCycles = 0;
        Array.Clear(_covariance);
    }

    private void Turn(double t, int side, StepDetector steps, JumpDetector jumps, IEventScorer scorer, List<LoadEvent> events)
    {
        bool walking = t - steps.LastCandidateTime < _options.LiftStepQuietS
            || t - jumps.LastJump.TouchDown < JumpQuietS
            || t >= jumps.JumpInProgressSince - 1.5;
        if (walking || t - _lastTurnTime > MaxHalfRepS)
        {
            _halfCycles = 0;
        }

        _side = side;
        _lastTurnTime = t;
        if (walking)
        {
            return;
        }

        _halfCycles++;
        if (_halfCycles < 2)
        {
            // The first excursion of a movement; its repetition completes on the way back.
            _peakG = 0;
            return;
        }

        if (_halfCycles % 2 == 1 || t - _lastRepTime < _options.LiftMinRepS)
        {
            return;
        }

        if (t - _lastRepTime > _options.LiftSetGapS)
        {
            _set++;
            _rep = 0;
        }

        _rep++;
        _lastRepTime = t;
        events.Add(new LoadEvent(t, LoadEventKind.Lift, _peakG, scorer.LiftLoad, Set: _set, Rep: _rep));
        _peakG = 0;
    }

    // One power iteration per block: the principal direction changes slowly, so this converges
    // within a few blocks and costs nine multiplications.
    private void UpdateDirection()
    {
        double[] c = _covariance;
        double[] e = _direction;
        double nx = (c[0] * e[0]) + (c[3] * e[1]) + (c[4] * e[2]);
        double ny = (c[3] * e[0]) + (c[1] * e[1]) + (c[5] * e[2]);
        double nz = (c[4] * e[0]) + (c[5] * e[1]) + (c[2] * e[2]);
        double norm = Math.Sqrt((nx * nx) + (ny * ny) + (nz * nz));
        if (norm < 1e-9)
        {
            return;
        }

        // Keep the sign continuous so a repetition in progress is not flipped.
        double sign = ((nx * e[0]) + (ny * e[1]) + (nz * e[2])) < 0 ? -1 : 1;
        e[0] = sign * nx / norm;
        e[1] = sign * ny / norm;
        e[2] = sign * nz / norm;
    }
}
