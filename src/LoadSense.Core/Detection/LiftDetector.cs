using LoadSense.Core.Dsp;

namespace LoadSense.Core.Detection;

/// <summary>
/// Counts resistance-training repetitions on the slow (low-passed) acceleration vector, which
/// during a lift is dominated by the limb's or trunk's change of orientation against gravity.
/// The slow axes are first resampled on a fixed 10 Hz grid (linear interpolation of the
/// timestamps), so that everything after works the same from 12.5 to 400 Hz. On the grid the
/// vector's deviation from its running mean (a high-pass) is projected on its principal
/// direction (exponentially weighted covariance, one power iteration per grid sample): while
/// the limb turns through an arc below 180° the projection on the arc's chord is monotonic, so
/// one repetition is one out-and-back cycle of the projection. The cycles are found with a
/// Schmitt trigger whose hysteresis is a share of the set's own running amplitude (with a
/// floor above sensor noise), and a repetition closer to the previous one than a share of the
/// period estimated by autocorrelation is a wobble within a repetition, not a new one.
/// A set's first repetitions are announced as provisional as soon as their cycle completes and
/// become events (or are withdrawn) once the set is confirmed (or not); from then on each
/// repetition leaves as an event as soon as its cycle completes. Repetitions closer than <see cref="AnalyzerOptions.LiftSetGapS"/> form a set. Nothing counts
/// while the person walks (arm swing is periodic too); at the wrist a set's own slow rhythm
/// (a repetition spanning three or more step lobes) overrules a steady gait that the step
/// detector hears in the pulses of a press or a row.
/// </summary>
internal sealed class LiftDetector
{
    // Everything after the slow low-pass (≤ 1.5 Hz) runs at this rate: 10 Hz holds the slow
    // signal without aliasing and makes the autocorrelation cost independent of the input rate.
    private const double GridRateHz = 10.0;
    private const double GridIntervalS = 1.0 / GridRateHz;

    // The running mean is a first-order high-pass at 1/(2π·1 s) = 0.16 Hz: it removes the
    // posture change of picking up the weight within a few seconds (so the first repetitions
    // are not buried under it) while a 6 s repetition keeps 72% of its amplitude.
    private const double MeanTimeConstantS = 1.0;

    // The principal direction follows the movement over about one repetition, so it turns with
    // a change of exercise but is not pulled about within a single cycle.
    private const double CovarianceTimeConstantS = 3.0;

    // The set's amplitude: running mean of |projection| over about one repetition, so the
    // hysteresis follows a set's own size (a curl swings 1 g, a press at the wrist 0.1 g).
    private const double ScaleTimeConstantS = 1.5;

    // Hysteresis as a share of the running mean |projection| (0.64 of a sinusoid's amplitude):
    // 0.5 puts the thresholds at about a third of the swing, above the wobble of a slow
    // repetition and below its excursion even when the mean has not yet centred on it.
    private const double RelativeHysteresis = 0.5;

    // A half repetition (lift or lower) that takes longer than this is not part of a set
    // (repetitions last 1-6 s, RecoFit, Morris 2014).
    private const double MaxHalfRepS = 6.0;

    // A repetition sooner than this share of the estimated period is a wobble inside one
    // (a quasi-periodic set varies by far less than ±40% from one repetition to the next).
    private const double MinPeriodShare = 0.6;

    // The autocorrelation must reach this for its period to bound the spacing of repetitions.
    private const double MinPeriodicity = 0.4;

    // Autocorrelation over 12 s (two 6 s repetitions) for periods of 0.7 to 6 s (down to the
    // stride of brisk walking, so that walking's sway is recognised too), at each turn.
    private const double PeriodWindowS = 12.0;
    private const double MinPeriodS = 0.7;
    private const double MaxPeriodS = 6.0;

    // Walking's own rhythm, seen even where the step timing is too irregular for the step
    // detector's steady-gait test (a phone in the hand, 12.5 Hz sampling): the limb, pocket or
    // bag sways once a stride (at most 1.6 s, 75 steps/min, the step detector's own limit: an
    // older walker's slow pace), clearly periodic, while the step detector hears at least four
    // lobes in 3 s. Lifting repetitions are mostly slower than that, and a set of faster ones
    // makes no steady four lobes in 3 s.
    private const double StrideMaxS = StepDetector.WalkingMaxStrideS;
    private const double StrideMinPeriodicity = 0.5;
    private const double StrideWindowS = 3.0;
    private const int StrideMinCandidates = 4;

    // A stride rhythm is claimed only from a full autocorrelation window (12 s, lags up to the
    // longest 6 s repetition): before that a repetition's fundamental cannot be seen, and its
    // second harmonic passes for a stride. And it must repeat nearly as well over one stride as
    // the best lag does (90%): a walk's sway is as alike from one stride to the next as over
    // two, while a press or a row, whose slow signal is the wrist's linear acceleration, pulses
    // twice each way (accelerate, brake) and repeats far better over the whole repetition
    // than over its half (muvr chest presses: 0.6-0.7 against 0.8-0.95).
    private const double StrideMinWindowS = PeriodWindowS;
    private const double StrideMinShareOfBest = 0.9;

    // At the wrist a walk swings the arm once a stride (Collins 2009), two step lobes: a
    // rhythm of at least 1.8 s (longer than the step detector's longest stride, 1.6 s) that
    // spans three lobes or more is a set whose accelerate-and-brake pulses the step detector
    // took for a steady gait (a press or row makes four lobes a repetition), so it does not
    // stop the count. Only at the wrist: a phone in a back pocket repeats best over two
    // strides (four lobes), like a set.
    private const double SetRhythmMinPeriodS = 1.8;
    private const double SetRhythmMinPeriodicity = 0.5;
    private const double SetRhythmMinLobes = 3.0;

    // Nothing is confirmed in the first 6 s of a stream (or after a gap): by then the
    // autocorrelation sees lags up to 3 s, a typical repetition, and the step detector has had
    // time for the six lobes of its steady-gait test. A walk already under way when the stream
    // starts (a 12.5 Hz phone in the hand) otherwise passes for a set of 1 s repetitions in the
    // seconds before either can tell; a set's first repetitions only wait.
    private const double StreamSettleS = 6.0;

    // A set is quasi-periodic: its repetitions count once a chain of at least three cycles has
    // formed while the projection's autocorrelation at the estimated period reaches 0.5. One
    // or two out-and-back movements (reaching for the phone, putting a bag down, the first
    // seconds of a recording) or an irregular fidget are not a set. Sets of one or two
    // repetitions are lost; strength training prescribes 3 or more.
    private const int MinSetReps = 3;
    private const double ConfirmPeriodicity = 0.5;

    // While the step detector hears a walking cadence (four lobes in 3 s) a set needs one
    // more repetition: a walk's first strides can pass for three repetitions, but by the
    // fourth (another second or more) the steady-gait test (six lobes, about 3 s) has
    // recognised the walk and broken the chain. Vigorous lifts make lobes too, so the lobes
    // alone do not rule a set out.
    private const int MinSetRepsNearSteps = 4;

    // A set is under way until one and a half periods after its latest repetition: a
    // repetition varies by far less than half a period, so a longer pause ends the rhythm.
    private const double SetSpanShare = 1.5;

    // A jump's countermovement and landing tilt the trunk like a squat: no repetition counts
    // from 1.5 s before take-off to 6 s after touch-down (the running mean needs that long to
    // settle). Only confirmed jumps count: the unconfirmed repetitions around one are dropped
    // when it is confirmed (a lift's arm can read below the free-fall threshold without any jump).
    private const double PreJumpS = 1.5;
    private const double JumpQuietS = 6.0;

    private readonly AnalyzerOptions _options;
    private readonly bool _wrist;
    private readonly double[] _mean = new double[3];
    private readonly double[] _covariance = new double[6]; // xx, yy, zz, xy, xz, yz
    private readonly double[] _direction = [0, 0, 1];
    private readonly PeriodEstimator _period;
    private readonly double _minAmplitudeG;
    private readonly double _meanWeight = GridIntervalS / (MeanTimeConstantS + GridIntervalS);
    private readonly double _covWeight = GridIntervalS / (CovarianceTimeConstantS + GridIntervalS);
    private readonly double _scaleWeight = GridIntervalS / (ScaleTimeConstantS + GridIntervalS);

    private bool _initialised;
    private double _previousTime;
    private double _previousX, _previousY, _previousZ;
    private double _nextGridTime;
    private double _scale;
    private double _periodS;
    private double _periodicity;
    private double _streamStartTime;
    private bool _setRhythm;

    private readonly Pending[] _pending = new Pending[16];
    private readonly List<ProvisionalEvent> _provisionalEvents;
    private int _pendingStart;
    private int _pendingCount;
    private int _chainReps;
    private bool _chainConfirmed;
    private double _lastCandidateTime = double.NegativeInfinity;
    private double _lastStrideRhythmTime = double.NegativeInfinity;
    private int _side;
    private int _halfCycles;
    private double _lastTurnTime = double.NegativeInfinity;
    private double _lastRepTime = double.NegativeInfinity;
    private float _peakG;
    private int _set;
    private int _rep;

    /// <summary>Creates the detector; announcements of unconfirmed repetitions, and what became of them, go to <paramref name="provisionalEvents"/>.</summary>
    public LiftDetector(AnalyzerOptions options, Placement placement, List<ProvisionalEvent> provisionalEvents)
    {
        _options = options;
        _provisionalEvents = provisionalEvents;
        _wrist = placement == Placement.Wrist;
        _minAmplitudeG = placement == Placement.Wrist ? options.LiftMinAmplitudeWristG : options.LiftMinAmplitudeG;
        _period = new PeriodEstimator(
            (int)Math.Round(PeriodWindowS * GridRateHz),
            (int)Math.Round(MinPeriodS * GridRateHz),
            (int)Math.Round(MaxPeriodS * GridRateHz));
    }

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
        for (int i = 0; i < time.Length; i++)
        {
            double t = time[i];
            _peakG = Math.Max(_peakG, impact[i]);
            if (!_initialised)
            {
                _mean[0] = _previousX = x[i];
                _mean[1] = _previousY = y[i];
                _mean[2] = _previousZ = z[i];
                _previousTime = t;
                _nextGridTime = t;
                _streamStartTime = t;
                _initialised = true;
            }

            double span = t - _previousTime;
            while (_nextGridTime <= t)
            {
                double w = span > 0 ? (_nextGridTime - _previousTime) / span : 1;
                OnGridSample(
                    _nextGridTime,
                    _previousX + (w * (x[i] - _previousX)),
                    _previousY + (w * (y[i] - _previousY)),
                    _previousZ + (w * (z[i] - _previousZ)),
                    steps,
                    jumps,
                    scorer,
                    events);
                _nextGridTime += GridIntervalS;
            }

            _previousTime = t;
            _previousX = x[i];
            _previousY = y[i];
            _previousZ = z[i];
        }
    }

    /// <summary>
    /// Whether a confirmed set is under way at <paramref name="time"/>: its latest repetition
    /// lies within one and a half periods before it (or after it, repetitions being decided later).
    /// </summary>
    public bool InSet(double time) => _chainConfirmed && _lastRepTime >= time - (SetSpanShare * _periodS);

    /// <summary>Forgets the signal (after a gap); set numbering goes on, an unconfirmed chain is withdrawn (nothing is bridged across a gap).</summary>
    public void Reset()
    {
        _initialised = false;
        _side = 0;
        BreakChain();
        _scale = 0;
        _periodS = 0;
        _periodicity = 0;
        _setRhythm = false;
        _period.Reset();
        Array.Clear(_covariance);
    }

    private void OnGridSample(double t, double x, double y, double z, StepDetector steps, JumpDetector jumps, IEventScorer scorer, List<LoadEvent> events)
    {
        double dx = x - _mean[0], dy = y - _mean[1], dz = z - _mean[2];
        _mean[0] += _meanWeight * dx;
        _mean[1] += _meanWeight * dy;
        _mean[2] += _meanWeight * dz;
        _covariance[0] += _covWeight * ((dx * dx) - _covariance[0]);
        _covariance[1] += _covWeight * ((dy * dy) - _covariance[1]);
        _covariance[2] += _covWeight * ((dz * dz) - _covariance[2]);
        _covariance[3] += _covWeight * ((dx * dy) - _covariance[3]);
        _covariance[4] += _covWeight * ((dx * dz) - _covariance[4]);
        _covariance[5] += _covWeight * ((dy * dz) - _covariance[5]);
        UpdateDirection();

        double projection = (dx * _direction[0]) + (dy * _direction[1]) + (dz * _direction[2]);
        _scale += _scaleWeight * (Math.Abs(projection) - _scale);
        _period.Add((float)projection);

        double threshold = Math.Max(_minAmplitudeG, RelativeHysteresis * _scale);
        int side = projection > threshold ? 1 : projection < -threshold ? -1 : 0;
        if (side != 0 && side != _side)
        {
            Turn(t, side, steps, jumps, scorer, events);
        }

    }

    private void Turn(double t, int side, StepDetector steps, JumpDetector jumps, IEventScorer scorer, List<LoadEvent> events)
    {
        bool walking = t - jumps.LastJump.TouchDown < JumpQuietS;
        _setRhythm = false;
        if (!walking)
        {
            // The period matters only where the projection turns outside a recognised jump;
            // estimating it there (about 1 µs each) rather than on a fixed schedule keeps rest
            // and smooth movement cheap.
            (int lag, double correlation) = _period.Estimate();
            _periodS = lag * GridIntervalS;
            _periodicity = correlation;

            // Walking's own rhythm: the limb or pocket sways once a stride (0.8-1.4 s) while the
            // step detector hears about two steps a stride.
            if (_periodicity >= StrideMinPeriodicity && _periodS <= StrideMaxS
                && _periodicity >= StrideMinShareOfBest * _period.StrongestCorrelation
                && t - _streamStartTime >= StrideMinWindowS
                && steps.CandidatesSince(t - StrideWindowS) >= StrideMinCandidates)
            {
                _lastStrideRhythmTime = t;
            }

            _setRhythm = _wrist && _periodicity >= SetRhythmMinPeriodicity && _periodS >= SetRhythmMinPeriodS
                && _periodS >= SetRhythmMinLobes * steps.MeanCandidateIntervalS;
            walking = t - _lastStrideRhythmTime < _options.LiftStepQuietS
                || (t - steps.LastWalkingTime < _options.LiftStepQuietS && !_setRhythm);
        }

        if (walking || t - _lastTurnTime > MaxHalfRepS)
        {
            BreakChain();
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

        double minRep = _options.LiftMinRepS;
        if (_periodicity >= MinPeriodicity)
        {
            minRep = Math.Max(minRep, MinPeriodShare * _periodS);
        }

        if (_halfCycles % 2 == 1 || t - _lastCandidateTime < minRep)
        {
            return;
        }

        _lastCandidateTime = t;
        if (_pendingCount == _pending.Length)
        {
            // Only a chain that stays aperiodic for 16 cycles fills the buffer: its oldest cycle goes.
            Withdraw(_pending[_pendingStart]);
            _pendingStart = (_pendingStart + 1) % _pending.Length;
            _pendingCount--;
        }

        _chainReps++;
        bool cadence = steps.CandidatesSince(t - StrideWindowS) >= StrideMinCandidates;
        if (_chainReps >= (cadence ? MinSetRepsNearSteps : MinSetReps) && _periodicity >= ConfirmPeriodicity
            && t - _streamStartTime >= StreamSettleS)
        {
            // The set is confirmed (or was already): its repetitions leave as soon as they are known.
            _chainConfirmed = true;
        }

        // Until then a live display hears of the repetition at once, as provisional.
        _pending[(_pendingStart + _pendingCount) % _pending.Length] = new Pending(t, _peakG, Announced: !_chainConfirmed);
        _pendingCount++;
        _peakG = 0;
        if (_chainConfirmed)
        {
            Release(steps, jumps, scorer, events);
        }
        else
        {
            _provisionalEvents.Add(new ProvisionalEvent(t, LoadEventKind.Lift, ProvisionalState.Announced));
        }
    }

    // Emits the repetitions held until their set was confirmed, unless a jump or walking
    // around them has been recognised since (a steady gait in the step lobes does not count
    // while the projection keeps a set's rhythm, see SetRhythmMinPeriodS).
    private void Release(StepDetector steps, JumpDetector jumps, IEventScorer scorer, List<LoadEvent> events)
    {
        WithdrawLeadIn();
        (double takeOff, double touchDown) = jumps.LastJump;
        for (; _pendingCount > 0; _pendingCount--, _pendingStart = (_pendingStart + 1) % _pending.Length)
        {
            Pending pending = _pending[_pendingStart];
            (double time, float peakG, bool announced) = pending;
            bool jump = time >= takeOff - PreJumpS && time <= touchDown + JumpQuietS;
            double guardFrom = time - _options.LiftStepQuietS;
            if (jump || (steps.LastWalkingTime > guardFrom && !_setRhythm) || _lastStrideRhythmTime > guardFrom)
            {
                Withdraw(pending);
                continue;
            }

            if (time - _lastRepTime > _options.LiftSetGapS)
            {
                _set++;
                _rep = 0;
            }

            _rep++;
            _lastRepTime = time;
            events.Add(new LoadEvent(time, LoadEventKind.Lift, peakG, scorer.LiftLoad, Set: _set, Rep: _rep));
            if (announced)
            {
                _provisionalEvents.Add(new ProvisionalEvent(time, LoadEventKind.Lift, ProvisionalState.Confirmed));
            }
        }
    }

    // Once the set's period is trusted, the wobble rule (MinPeriodShare) applies to the
    // repetitions held before it was: a held cycle that ends sooner than that share of the
    // period after the one before it was not yet the set's rhythm, and neither was anything
    // before it (handling the weight before the first repetition).
    private void WithdrawLeadIn()
    {
        for (int i = _pendingCount - 2; i >= 0; i--)
        {
            double interval = _pending[(_pendingStart + i + 1) % _pending.Length].Time - _pending[(_pendingStart + i) % _pending.Length].Time;
            if (interval < MinPeriodShare * _periodS)
            {
                for (; i >= 0; i--)
                {
                    Withdraw(_pending[_pendingStart]);
                    _pendingStart = (_pendingStart + 1) % _pending.Length;
                    _pendingCount--;
                }

                return;
            }
        }
    }

    /// <summary>A chain of cycles ends (a pause, walking, a jump, the end of the stream): repetitions of a chain too short to be a set are withdrawn.</summary>
    public void BreakChain()
    {
        for (int i = 0; i < _pendingCount; i++)
        {
            Withdraw(_pending[(_pendingStart + i) % _pending.Length]);
        }

        _halfCycles = 0;
        _chainReps = 0;
        _chainConfirmed = false;
        _pendingCount = 0;
    }

    private void Withdraw(Pending pending)
    {
        if (pending.Announced)
        {
            _provisionalEvents.Add(new ProvisionalEvent(pending.Time, LoadEventKind.Lift, ProvisionalState.Withdrawn));
        }
    }

    private readonly record struct Pending(double Time, float PeakG, bool Announced);

    // One power iteration per grid sample: the principal direction changes slowly, so this
    // converges within a few samples and costs nine multiplications.
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
