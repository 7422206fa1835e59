namespace LoadSense.Core.Detection;

/// <summary>
/// Counts steps on the band-passed acceleration magnitude. Each positive lobe of the band
/// signal that rises above an adaptive threshold is one candidate, timed at its maximum;
/// candidates closer than the shortest step interval merge. A candidate is a step only when a
/// neighbour lies within the longest step interval (one peak alone is not walking, after Oak,
/// Straczkiewicz 2023), and never inside a jump (take-off push and landing are not steps).
/// Steps are released 0.35 s after their peak, once a jump around them would be known, so the
/// latency is well under 1 s except for a bout's first step, which waits for its partner.
/// </summary>
internal sealed class StepDetector
{
    // Jump phases that must not count as steps: the countermovement and push before take-off
    // last up to about 0.8 s, the landing absorption about 0.6 s.
    private const double PreJumpGuardS = 0.8;
    private const double PostJumpGuardS = 0.6;
    private const double ReleaseDelayS = 0.35;

    // The adaptive threshold is this share of the recent step amplitude, so that the smaller
    // wiggles between heel strikes (the swing of a phone in the hand) are not counted.
    private const float RelativeThreshold = 0.35f;

    // Walking is told from other movement that makes magnitude lobes (a lift's push and
    // catch) by the steadiness of its stride: left and right steps may differ (a phone in one
    // pocket), but a stride (two steps) varies by only a few percent while walking (gait
    // stride-time variability is 2-4%), so four overlapping strides in a row (six candidates,
    // about 3 s) within ±12% of their mean are walking. Lifting lobes wander far more. The
    // stride must also be walking's: at least 75 steps/min (slow walking is 80-100/min), a
    // stride of at most 1.6 s.
    private const double WalkingStrideTolerance = 0.12;
    internal const double WalkingMaxStrideS = 1.6;

    // The recent amplitude forgets with this time constant, so a jump session does not deafen
    // the detector to the walking that follows.
    private const double EnvelopeDecayS = 3.0;

    private readonly AnalyzerOptions _options;

    // Times of the latest counted steps, for the jump detector's question whether a hard
    // contact lies inside a bout; 32 steps cover more than a block of several seconds.
    private readonly double[] _recentSteps = new double[32];
    private int _recentIndex;
    private readonly Candidate[] _queue = new Candidate[32];
    private int _queueStart;
    private int _queueCount;

    private bool _inLobe;
    private float _lobeMax;
    private double _lobeMaxTime;
    private float _lobePeakG;
    private float _envelope;
    private Candidate _last = new(double.NegativeInfinity, 0, 0, Emitted: true);
    private readonly double[] _recent = [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity];
    private int _recentNext;
    private float _previousBand;
    private float _beforeMax;
    private float _afterMax;
    private bool _awaitAfterMax;
    private double _fineMaxTime;

    public StepDetector(AnalyzerOptions options)
    {
        _options = options;
        Array.Fill(_recentSteps, double.NegativeInfinity);
    }

    /// <summary>How many counted steps (paired candidates) lie within [from, until].</summary>
    public int StepsBetween(double from, double until)
    {
        int count = 0;
        foreach (double t in _recentSteps)
        {
            if (t >= from && t <= until)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Time of the latest candidate peak, counted or not; a lift detector keeps quiet near it.</summary>
    public double LastCandidateTime => _last.Time;

    /// <summary>
    /// Time of the latest candidate that ended a run of steady walking cadence (see
    /// <c>WalkingMaxIntervalS</c>); negative infinity before any. Lobes of lifting are rarely that fast and steady.
    /// </summary>
    public double LastWalkingTime { get; private set; } = double.NegativeInfinity;

    /// <summary>
    /// Runs over samples. <paramref name="band"/> is the band-passed magnitude (g, zero mean);
    /// <paramref name="impact"/> the low-passed magnitude (g) whose maximum in the lobe is the step's peak.
    /// </summary>
    public void Process(ReadOnlySpan<double> time, ReadOnlySpan<float> band, ReadOnlySpan<float> impact, JumpDetector jumps, IEventScorer scorer, List<LoadEvent> events)
    {
        // The envelope decays per sample by the block's mean interval: one multiplication
        // instead of an exponential per sample.
        double meanInterval = time.Length > 1 ? (time[^1] - time[0]) / (time.Length - 1) : 0;
        float decayPerSample = (float)Math.Exp(-meanInterval / EnvelopeDecayS);
        float minimum = (float)_options.StepMinAmplitudeG;
        for (int i = 0; i < time.Length; i++)
        {
            _envelope *= decayPerSample;
            float v = band[i];
            float previous = _previousBand;
            _previousBand = v;
            if (!_inLobe)
            {
                if (v > Math.Max(minimum, RelativeThreshold * _envelope))
                {
                    _inLobe = true;
                    _lobeMax = v;
                    _lobeMaxTime = time[i];
                    _lobePeakG = impact[i];
                    _beforeMax = previous;
                    _awaitAfterMax = true;
                }
            }
            else if (v > 0)
            {
                if (v > _lobeMax)
                {
                    _lobeMax = v;
                    _lobeMaxTime = time[i];
                    _beforeMax = previous;
                    _awaitAfterMax = true;
                }
                else if (_awaitAfterMax)
                {
                    _afterMax = v;
                    _awaitAfterMax = false;
                }

                _lobePeakG = Math.Max(_lobePeakG, impact[i]);
            }
            else
            {
                if (_awaitAfterMax)
                {
                    _afterMax = v;
                    _awaitAfterMax = false;
                }

                _inLobe = false;
                _fineMaxTime = _lobeMaxTime + (meanInterval * ParabolicOffset(_beforeMax, _lobeMax, _afterMax));
                OnCandidate(new Candidate(_lobeMaxTime, _lobeMax, _lobePeakG, Emitted: false));
            }
        }

        if (time.Length > 0)
        {
            Release(time[^1], jumps, scorer, events, flush: false);
        }
    }

    /// <summary>Releases every confirmed step still held (end of stream or a gap).</summary>
    public void Flush(JumpDetector jumps, IEventScorer scorer, List<LoadEvent> events) =>
        Release(double.PositiveInfinity, jumps, scorer, events, flush: true);

    /// <summary>Forgets the signal (after a gap).</summary>
    public void Reset()
    {
        _inLobe = false;
        _envelope = 0;
        Array.Fill(_recentSteps, double.NegativeInfinity);
        _last = new(double.NegativeInfinity, 0, 0, Emitted: true);
        Array.Fill(_recent, double.NegativeInfinity);
        _previousBand = 0;
        _awaitAfterMax = false;
    }

    private void OnCandidate(Candidate candidate)
    {
        _envelope += 0.25f * (candidate.Amplitude - _envelope);

        double interval = candidate.Time - _last.Time;
        if (interval < _options.StepMinIntervalS)
        {
            // Two lobes of one step (heel strike and push-off): keep the stronger.
            if (candidate.Amplitude > _last.Amplitude && !_last.Emitted)
            {
                _last = candidate;
            }

            return;
        }

        _recent[_recentNext] = _fineMaxTime;
        _recentNext = (_recentNext + 1) % _recent.Length;
        if (IsSteadyGait())
        {
            LastWalkingTime = candidate.Time;
        }

        if (interval <= _options.StepMaxIntervalS)
        {
            if (!_last.Emitted)
            {
                Enqueue(_last);
            }

            candidate = candidate with { Emitted = true };
            Enqueue(candidate);
            _recentSteps[_recentIndex] = candidate.Time;
            _recentIndex = (_recentIndex + 1) % _recentSteps.Length;
        }

        _last = candidate;
    }

    /// <summary>
    /// Mean time in s between the last six candidates (merged, counted or not): half a stride
    /// while walking. Positive infinity before six.
    /// </summary>
    public double MeanCandidateIntervalS
    {
        get
        {
            double oldest = _recent[_recentNext];
            double newest = _recent[(_recentNext + _recent.Length - 1) % _recent.Length];
            return double.IsFinite(oldest) ? (newest - oldest) / (_recent.Length - 1) : double.PositiveInfinity;
        }
    }

    /// <summary>How many of the last six candidates (merged, counted or not) lie at or after <paramref name="since"/>.</summary>
    public int CandidatesSince(double since)
    {
        int count = 0;
        foreach (double t in _recent)
        {
            if (t >= since)
            {
                count++;
            }
        }

        return count;
    }

    // The vertex of the parabola through a maximum and its neighbours, in samples from the
    // maximum (±0.5): at 12.5 Hz a sample is 80 ms, 7% of a stride, too coarse to judge gait steadiness.
    private static double ParabolicOffset(float before, float max, float after)
    {
        double curvature = before - (2.0 * max) + after;
        return curvature < 0 ? Math.Clamp(0.5 * (before - after) / curvature, -0.5, 0.5) : 0;
    }

    // Whether the last six candidates (four overlapping strides) walk at a steady stride.
    private bool IsSteadyGait()
    {
        int n = _recent.Length;
        Span<double> strides = stackalloc double[4];
        double sum = 0;
        for (int k = 0; k < strides.Length; k++)
        {
            // Candidates oldest first: _recentNext is the oldest slot.
            double a = _recent[(_recentNext + k) % n];
            double c = _recent[(_recentNext + k + 2) % n];
            strides[k] = c - a;
            sum += strides[k];
        }

        double mean = sum / strides.Length;
        if (!(mean <= WalkingMaxStrideS))
        {
            return false;
        }

        foreach (double stride in strides)
        {
            if (Math.Abs(stride - mean) > WalkingStrideTolerance * mean)
            {
                return false;
            }
        }

        return true;
    }

    private void Enqueue(Candidate step)
    {
        if (_queueCount == _queue.Length)
        {
            // Cannot happen with the release delay far below the queue's span of steps; drop the oldest rather than grow.
            _queueStart = (_queueStart + 1) % _queue.Length;
            _queueCount--;
        }

        _queue[(_queueStart + _queueCount) % _queue.Length] = step;
        _queueCount++;
    }

    private void Release(double now, JumpDetector jumps, IEventScorer scorer, List<LoadEvent> events, bool flush)
    {
        double jumpInProgress = jumps.JumpInProgressSince - PreJumpGuardS;
        while (_queueCount > 0)
        {
            Candidate step = _queue[_queueStart];
            if (!flush && (step.Time > now - ReleaseDelayS || step.Time >= jumpInProgress))
            {
                break;
            }

            _queueStart = (_queueStart + 1) % _queue.Length;
            _queueCount--;
            if (!jumps.Owns(step.Time, step.Time, PreJumpGuardS, PostJumpGuardS))
            {
                events.Add(new LoadEvent(step.Time, LoadEventKind.Step, step.PeakG, scorer.ImpactLoad(step.PeakG)));
            }
        }
    }

    private readonly record struct Candidate(double Time, float Amplitude, float PeakG, bool Emitted);
}
