namespace LoadSense.Core.Detection;

/// <summary>
/// Counts steps on the band-passed acceleration magnitude. Each positive lobe of the band
/// signal that rises above an adaptive threshold is one candidate, timed at its maximum;
/// candidates closer than the shortest step interval merge. A candidate is a step only when a
/// neighbour lies within the longest step interval (one peak alone is not walking, after Oak,
/// Straczkiewicz 2023), and never inside a jump (take-off push and landing are not steps).
/// A bout (candidates each within the longest step interval of the one before) counts only
/// once it walks at a steady stride: until then its candidates are held and announced as
/// provisional; when the stride steadies they are confirmed back to the last break in the
/// rhythm, and a bout that ends first (handling the phone, putting a bag down) is withdrawn.
/// Steps of a steady walk are released 0.35 s after their peak, once a jump around them would
/// be known; a held step is announced as soon as it has a partner.
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

    // A bout counts once its stride is steady to ±20%: looser than the test above, since gait
    // alone varies a few percent (more in older or unsteady walkers, Hausdorff 2005) and at
    // 12.5 Hz a candidate's timing adds up to 80 ms, while the lobes of handling the phone
    // (taking it from a pocket, putting it in a bag) come at random intervals.
    private const double BoutStrideTolerance = 0.2;

    // Once a bout walks, a candidate keeps its rhythm from half the mean step interval (a lobe
    // between two steps) to a little over twice it (one step the detector missed); outside
    // that the bout is held again until its stride is steady again.
    private const double RhythmMinShare = 0.5;
    private const double RhythmMaxShare = 2.2;

    // Candidates held longer than this without the bout becoming steady are withdrawn, so a
    // step lands in its minute before the analyzer closes it (12 s after the minute's end).
    private const double MaxHoldS = 10.0;

    // The recent amplitude forgets with this time constant, so a jump session does not deafen
    // the detector to the walking that follows.
    private const double EnvelopeDecayS = 3.0;

    private readonly AnalyzerOptions _options;

    // Times of the latest counted steps, for the jump detector's question whether a hard
    // contact lies inside a bout; 32 steps cover more than a block of several seconds.
    private readonly double[] _recentSteps = new double[32];
    private int _recentIndex;
    // Steps waiting for their release, then the bout's held candidates: room for MaxHoldS and
    // the release delay of candidates at the shortest step interval.
    private readonly Candidate[] _queue;
    private readonly List<ProvisionalEvent> _provisionalEvents;
    private int _queueStart;
    private int _queueCount;
    private bool _boutWalking;

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

    /// <summary>Creates the detector; announcements of a bout's held steps, and what became of them, go to <paramref name="provisionalEvents"/>.</summary>
    public StepDetector(AnalyzerOptions options, List<ProvisionalEvent> provisionalEvents)
    {
        _options = options;
        _provisionalEvents = provisionalEvents;
        _queue = new Candidate[(int)Math.Ceiling((MaxHoldS + ReleaseDelayS + 1) / options.StepMinIntervalS)];
        Array.Fill(_recentSteps, double.NegativeInfinity);
    }

    /// <summary>How many paired candidates (steps, counted or still held) lie within [from, until].</summary>
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

    /// <summary>Releases every confirmed step still held and withdraws the unconfirmed ones (end of stream or a gap).</summary>
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
        _boutWalking = false;
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

        double stepInterval = MeanCandidateIntervalS;
        _recent[_recentNext] = _fineMaxTime;
        _recentNext = (_recentNext + 1) % _recent.Length;
        double strideDeviation = StrideDeviation();
        if (strideDeviation <= WalkingStrideTolerance)
        {
            LastWalkingTime = candidate.Time;
        }

        if (interval > _options.StepMaxIntervalS)
        {
            // A new bout: what the last one still held never walked.
            WithdrawOldest(HeldCount());
            _boutWalking = false;
        }
        else
        {
            _boutWalking &= InRhythm(interval, stepInterval);
            if (!_boutWalking && strideDeviation <= BoutStrideTolerance)
            {
                ConfirmHeld(candidate.Time);
                _boutWalking = true;
            }

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

    private static bool InRhythm(double interval, double stepInterval) =>
        interval >= RhythmMinShare * stepInterval && interval <= RhythmMaxShare * stepInterval;

    // The bout's stride became steady at a candidate at `newest`: its held candidates count
    // back to the last break in the rhythm; those before it were not yet walking.
    private void ConfirmHeld(double newest)
    {
        double stepInterval = MeanCandidateIntervalS;
        int held = HeldCount();
        int kept = 0;
        double next = newest;
        while (kept < held)
        {
            double time = _queue[(_queueStart + _queueCount - 1 - kept) % _queue.Length].Time;
            if (!InRhythm(next - time, stepInterval))
            {
                break;
            }

            next = time;
            kept++;
        }

        WithdrawOldest(held - kept);
        for (int k = _queueCount - kept; k < _queueCount; k++)
        {
            ref Candidate candidate = ref _queue[(_queueStart + k) % _queue.Length];
            candidate = candidate with { Confirmed = true };
        }
    }

    // Held candidates are the queue's unconfirmed tail.
    private int HeldCount()
    {
        int held = 0;
        while (held < _queueCount && !_queue[(_queueStart + _queueCount - 1 - held) % _queue.Length].Confirmed)
        {
            held++;
        }

        return held;
    }

    // Withdraws the oldest `count` of the held candidates.
    private void WithdrawOldest(int count)
    {
        int first = _queueCount - HeldCount();
        for (int k = 0; k < count; k++)
        {
            _provisionalEvents.Add(new ProvisionalEvent(_queue[(_queueStart + first + k) % _queue.Length].Time, LoadEventKind.Step, ProvisionalState.Withdrawn));
        }

        for (int k = first + count; k < _queueCount; k++)
        {
            _queue[(_queueStart + k - count) % _queue.Length] = _queue[(_queueStart + k) % _queue.Length];
        }

        _queueCount -= count;
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

    // How steady the last six candidates (four overlapping strides) walk: the largest share by
    // which a stride departs from their mean; +∞ when the mean is no walking stride (or before six).
    private double StrideDeviation()
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
            return double.PositiveInfinity;
        }

        double deviation = 0;
        foreach (double stride in strides)
        {
            deviation = Math.Max(deviation, Math.Abs(stride - mean) / mean);
        }

        return deviation;
    }

    private void Enqueue(Candidate step)
    {
        if (_queueCount == _queue.Length)
        {
            // Cannot happen at the shortest step interval (the queue is sized for it) unless
            // a jump in progress holds the released steps back; drop the oldest rather than grow.
            if (_queue[_queueStart].Announced)
            {
                _provisionalEvents.Add(new ProvisionalEvent(_queue[_queueStart].Time, LoadEventKind.Step, ProvisionalState.Withdrawn));
            }

            _queueStart = (_queueStart + 1) % _queue.Length;
            _queueCount--;
        }

        step = step with { Confirmed = _boutWalking, Announced = !_boutWalking };
        _queue[(_queueStart + _queueCount) % _queue.Length] = step;
        _queueCount++;
        if (!_boutWalking)
        {
            _provisionalEvents.Add(new ProvisionalEvent(step.Time, LoadEventKind.Step, ProvisionalState.Announced));
        }
    }

    private void Release(double now, JumpDetector jumps, IEventScorer scorer, List<LoadEvent> events, bool flush)
    {
        double jumpInProgress = jumps.JumpInProgressSince - PreJumpGuardS;
        while (_queueCount > 0)
        {
            Candidate step = _queue[_queueStart];
            if (!step.Confirmed)
            {
                // The held tail: withdrawn at the end of the stream, or when held too long.
                WithdrawOldest(flush ? _queueCount : CountHeldBefore(now - MaxHoldS));
                break;
            }

            if (!flush && (step.Time > now - ReleaseDelayS || step.Time >= jumpInProgress))
            {
                break;
            }

            _queueStart = (_queueStart + 1) % _queue.Length;
            _queueCount--;
            bool counted = !jumps.Owns(step.Time, step.Time, PreJumpGuardS, PostJumpGuardS);
            if (counted)
            {
                events.Add(new LoadEvent(step.Time, LoadEventKind.Step, step.PeakG, scorer.ImpactLoad(step.PeakG)));
            }

            if (step.Announced)
            {
                _provisionalEvents.Add(new ProvisionalEvent(step.Time, LoadEventKind.Step, counted ? ProvisionalState.Confirmed : ProvisionalState.Withdrawn));
            }
        }
    }

    // Asked only when every queued candidate is held: how many are older than `time`.
    private int CountHeldBefore(double time)
    {
        int count = 0;
        while (count < _queueCount && _queue[(_queueStart + count) % _queue.Length].Time < time)
        {
            count++;
        }

        return count;
    }

    // Confirmed: its bout walks steadily. Announced: it was held (and announced) before that.
    private readonly record struct Candidate(double Time, float Amplitude, float PeakG, bool Emitted, bool Confirmed = false, bool Announced = false);
}
