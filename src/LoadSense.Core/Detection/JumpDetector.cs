namespace LoadSense.Core.Detection;

/// <summary>
/// Finds jumps as take-off, flight and landing on the low-passed acceleration magnitude: in
/// flight the body is in free fall and the sensor reads close to 0 g; the landing is a large
/// peak. Flight time t gives the jump height h = g t²/8. Each jump is emitted 0.2 s after
/// touch-down, when its landing peak is known; rope skipping yields one jump per skip.
/// A landing whose flight was not seen (the data starts at it, or the free fall was missed)
/// is still a jump when the ground contact is hard enough: the mean acceleration over 150 ms
/// reaches <see cref="AnalyzerOptions.JumpContactG"/> (at the wrist the magnitude of the mean
/// acceleration vector reaches <see cref="AnalyzerOptions.JumpContactWristG"/>) outside a
/// walking or running bout; such a jump has no height (0) and is emitted when the contact ends.
/// Two hard contacts a flight time apart are the push-off and the landing of one jump.
/// </summary>
internal sealed class JumpDetector
{
    private const double StandardGravity = 9.80665;

    // The landing peak follows touch-down within a few tens of ms; 0.2 s covers soft landings.
    private const double LandingWindowS = 0.2;

    // The window of the contact mean: a hop's ground contact lasts 0.15-0.3 s.
    private const double ContactWindowS = 0.15;

    // At the wrist the contact mean is that of the acceleration vector, not of its magnitude.
    // By the impulse-momentum theorem the mean specific force over a window is Δv/T − g: the
    // ground's push on the body keeps its direction through a contact and adds up, while the
    // arm's back-and-forth motion (a swung or shaken wrist, a lift's reversal) cancels in the
    // vector and only inflates the mean magnitude. On the trunk (hip, pocket) there is no such
    // oscillation but the sensor tilts with the pelvis in a lateral hop, which shortens the
    // mean vector, so the magnitude is averaged there.

    // A contact mean above threshold for longer than this is not a landing (a vehicle, shaking).
    private const double MaxContactS = 1.0;

    // A hard contact after two or more steps of a bout (up to 1.5 s before it), or followed by
    // a stride within the look-ahead (a landing is followed by recovery, a running stride by
    // the next stride), is a stride of brisk walking or running, not a jump. The contact's own
    // lobes do not count. The look-ahead keeps a jump's emission within 1 s of its landing.
    private const double StepBoutBeforeS = 1.5;
    private const double StepBoutAfterS = 0.6;

    // A contact that ends a flight from an earlier one (a landing, so no push-off to pair) is
    // judged at the latest this long after it began, so that its jump leaves within 1 s even
    // when released at the end of a 0.25 s detector chunk.
    private const double LandingDecideByS = 0.75;

    // A contact still undecided is announced this long after it ended, so that the landing of
    // a patient's jump (flights of 0.2-0.3 s, 5-11 cm) has begun and the push-off is not
    // announced on its own, but at the latest this long after it began, so that the
    // announcement leaves within 1 s even at the end of a 0.25 s detector chunk.
    private const double AnnounceAfterS = 0.3;
    private const double AnnounceByS = 0.7;
    private const double OwnLobesS = 0.15;

    // A seen jump owns the hard contacts of its push-off (up to 1 s before take-off, the
    // countermovement included) and of its landing (0.5 s after touch-down).
    private const double PushOffS = 1.0;
    private const double LandingContactS = 0.5;

    private readonly AnalyzerOptions _options;
    private readonly float _contactThreshold;
    private readonly bool _vectorContact;
    private readonly (double TakeOff, double TouchDown)[] _recentJumps = new (double, double)[32];
    private int _recentIndex;
    private float[] _windowX = new float[1];
    private float[] _windowY = new float[1];
    private float[] _windowZ = new float[1];
    private int _windowIndex;
    private int _windowFill;

    // Running sums in double: they are updated by adding and subtracting every sample for
    // hours, and float rounding would drift.
    private double _sumX;
    private double _sumY;
    private double _sumZ;
    private bool _inContact;
    private double _contactStart;
    private float _contactPeak;
    // Hard contacts waiting for the step detector to see past them; a block of a few seconds
    // holds a few at most.
    private readonly Contact[] _pending = new Contact[16];
    private int _pendingCount;
    private readonly List<ProvisionalEvent> _provisionalEvents;

    // Start and end of the hard contact released before the ones pending (−∞ after a gap).
    private double _previousContactStart = double.NegativeInfinity;
    private double _previousContactEnd = double.NegativeInfinity;
    private Phase _phase;
    private double _previousTime = double.NaN;
    private float _previousMagnitude;
    private double _takeOffTime;
    private double _touchDownTime;
    private float _landingPeak;

    /// <summary>Creates the detector; announcements of jumps from hard contacts, and what became of them, go to <paramref name="provisionalEvents"/>.</summary>
    public JumpDetector(AnalyzerOptions options, Placement placement, List<ProvisionalEvent> provisionalEvents)
    {
        _options = options;
        _provisionalEvents = provisionalEvents;
        Array.Fill(_recentJumps, (double.NegativeInfinity, double.NegativeInfinity));
        _contactThreshold = (float)(placement == Placement.Wrist ? options.JumpContactWristG : options.JumpContactG);
        _vectorContact = placement == Placement.Wrist;
    }

    /// <summary>Sizes the contact window for a sample rate (allocates; called when filters are designed).</summary>
    public void Configure(double sampleRateHz)
    {
        int length = Math.Max(1, (int)Math.Round(ContactWindowS * sampleRateHz));
        _windowX = new float[length];
        _windowY = new float[_vectorContact ? length : 1];
        _windowZ = new float[_vectorContact ? length : 1];
        Reset();
    }

    private enum Phase
    {
        Ground,
        Flight,
        Landing,
    }

    /// <summary>Take-off time of a jump in progress (flight or landing), or +∞ when none is.</summary>
    public double JumpInProgressSince => Math.Min(
        _phase == Phase.Ground ? double.PositiveInfinity : _takeOffTime,
        _inContact ? _contactStart : _pendingCount > 0 ? _pending[0].Start : double.PositiveInfinity);

    /// <summary>Take-off and touch-down of the most recent jump found.</summary>
    public (double TakeOff, double TouchDown) LastJump => _recentJumps[(_recentIndex + _recentJumps.Length - 1) % _recentJumps.Length];

    /// <summary>
    /// Whether a recent jump owns [from, until]: it overlaps the span from <paramref name="before"/>
    /// seconds before the jump's take-off to <paramref name="after"/> seconds after its touch-down.
    /// Events are released late (a step waits for its partner), so more than the last jump is kept.
    /// </summary>
    public bool Owns(double from, double until, double before, double after)
    {
        foreach ((double takeOff, double touchDown) in _recentJumps)
        {
            if (until >= takeOff - before && from <= touchDown + after)
            {
                return true;
            }
        }

        return false;
    }

    private void Record(double takeOff, double touchDown)
    {
        _recentJumps[_recentIndex] = (takeOff, touchDown);
        _recentIndex = (_recentIndex + 1) % _recentJumps.Length;
    }

    /// <summary>
    /// Runs over samples; <paramref name="magnitude"/> is the low-passed resultant in g,
    /// <paramref name="x"/>, <paramref name="y"/> and <paramref name="z"/> the raw axes in g.
    /// </summary>
    public void Process(ReadOnlySpan<double> time, ReadOnlySpan<float> magnitude, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, IEventScorer scorer, List<LoadEvent> events)
    {
        float threshold = (float)_options.FreeFallThresholdG;
        for (int i = 0; i < time.Length; i++)
        {
            double t = time[i];
            float m = magnitude[i];
            TrackContact(t, m, _vectorContact ? VectorWindowSquared(x[i], y[i], z[i]) : MagnitudeWindowSquared(m));
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
                            Record(_takeOffTime, _touchDownTime);
                        }
                    }

                    break;
            }

            _previousTime = t;
            _previousMagnitude = m;
        }
    }

    /// <summary>
    /// Judges hard contacts whose look-ahead has passed, once the step detector has seen the
    /// same samples: a contact inside a walking or running bout is a stride, otherwise a jump.
    /// </summary>
    public void ReleaseContacts(double now, StepDetector steps, LiftDetector lifts, IEventScorer scorer, List<LoadEvent> events, bool flush = false)
    {
        if (flush && _inContact)
        {
            EndContact(_previousTime);
        }

        // While a flight is under way, the contacts just before it may be its push-off: wait for it.
        int released = 0;
        while (released < _pendingCount && (flush || (now >= DecisionTime(_pending[released]) && !IsPushOffOfFlight(_pending[released]))))
        {
            Contact contact = _pending[released++];

            // A jump whose flight was not seen can still show two hard contacts, its push-off
            // and its landing, a flight time apart: the push-off is the take-off of the jump
            // the landing counts, unless it is itself the landing of an earlier hop (in a run
            // of hops every contact but the first ends a flight). The look-ahead pairs flights
            // up to about 0.45 s (a 25 cm jump); a higher jump's push-off may still count.
            bool landing = IsFlightApart(_previousContactEnd, contact.Start);
            bool pushOff = !landing && IsFollowedAfterFlight(contact, released);
            bool walkingBefore = IsWalkingBefore(steps, landing ? _previousContactStart : contact.Start);
            _previousContactStart = contact.Start;
            _previousContactEnd = contact.End;
            bool flightSeen = Owns(contact.Start, contact.End, PushOffS, LandingContactS);
            bool strideAfter = steps.StepsBetween(contact.End + OwnLobesS, contact.End + StepBoutAfterS) >= 1;
            bool jump = !flightSeen && !walkingBefore && !strideAfter && !pushOff && !IsLiftImpact(lifts, contact);
            if (jump)
            {
                events.Add(new LoadEvent(contact.Start, LoadEventKind.Jump, contact.Peak, scorer.ImpactLoad(contact.Peak)));
                Record(contact.Start, contact.Start);
            }

            if (contact.Announced)
            {
                _provisionalEvents.Add(new ProvisionalEvent(contact.Start, LoadEventKind.Jump, jump ? ProvisionalState.Confirmed : ProvisionalState.Withdrawn));
            }
        }

        Array.Copy(_pending, released, _pending, 0, _pendingCount - released);
        _pendingCount -= released;
        Announce(now, steps, lifts);
    }

    // At the wrist, a hard contact inside a set under way is the weight's impact (set down,
    // knocked against the other), not a landing: a jump in a set shows its flight.
    private bool IsLiftImpact(LiftDetector lifts, Contact contact) => _vectorContact && lifts.InSet(contact.Start);

    // A contact still waiting for its look-ahead (a stride after it, a landing a flight time
    // later that would make it a push-off) is announced as a jump once what precedes it allows
    // one, so a live display hears of it within 1 s of the landing; the decision follows.
    private void Announce(double now, StepDetector steps, LiftDetector lifts)
    {
        for (int i = 0; i < _pendingCount; i++)
        {
            Contact contact = _pending[i];
            if (contact.Announced || now < Math.Min(contact.End + AnnounceAfterS, contact.Start + AnnounceByS)
                || IsPushOffOfFlight(contact) || IsFollowedAfterFlight(contact, i + 1))
            {
                continue;
            }

            (double previousStart, double previousEnd) = i == 0 ? (_previousContactStart, _previousContactEnd) : (_pending[i - 1].Start, _pending[i - 1].End);
            if (!Owns(contact.Start, contact.End, PushOffS, LandingContactS) && !IsLiftImpact(lifts, contact)
                && !IsWalkingBefore(steps, IsFlightApart(previousEnd, contact.Start) ? previousStart : contact.Start))
            {
                _pending[i] = contact with { Announced = true };
                _provisionalEvents.Add(new ProvisionalEvent(contact.Start, LoadEventKind.Jump, ProvisionalState.Announced));
            }
        }
    }

    /// <summary>Forgets the signal (after a gap); found jumps are kept.</summary>
    public void Reset()
    {
        _phase = Phase.Ground;
        _previousTime = double.NaN;
        Array.Clear(_windowX);
        Array.Clear(_windowY);
        Array.Clear(_windowZ);
        _windowIndex = 0;
        _windowFill = 0;
        _sumX = 0;
        _sumY = 0;
        _sumZ = 0;
        _inContact = false;
        for (int i = 0; i < _pendingCount; i++)
        {
            if (_pending[i].Announced)
            {
                _provisionalEvents.Add(new ProvisionalEvent(_pending[i].Start, LoadEventKind.Jump, ProvisionalState.Withdrawn));
            }
        }

        _pendingCount = 0;
        _previousContactStart = double.NegativeInfinity;
        _previousContactEnd = double.NegativeInfinity;
    }

    private bool IsPushOffOfFlight(Contact contact) => _phase != Phase.Ground && contact.End >= _takeOffTime - PushOffS;

    // When a pending contact is judged: after the stride look-ahead, or sooner for a landing.
    private double DecisionTime(Contact contact) => IsFlightApart(_previousContactEnd, contact.Start)
        ? Math.Min(contact.End + StepBoutAfterS, contact.Start + LandingDecideByS)
        : contact.End + StepBoutAfterS;

    // Two steps of a bout before the jump began make its contact a stride. A landing's own
    // push-off and flight make lobes too, so for a landing the jump begins at its push-off.
    private static bool IsWalkingBefore(StepDetector steps, double jumpStart) =>
        steps.StepsBetween(jumpStart - StepBoutBeforeS, jumpStart - OwnLobesS) >= 2;

    private bool IsFlightApart(double end, double start) => start - end >= _options.JumpMinFlightS && start - end <= _options.JumpMaxFlightS;

    // Whether a later hard contact (pending from index next on, or under way) starts a flight time after this one.
    private bool IsFollowedAfterFlight(Contact contact, int next)
    {
        for (int i = next; i < _pendingCount; i++)
        {
            if (IsFlightApart(contact.End, _pending[i].Start))
            {
                return true;
            }
        }

        return _inContact && IsFlightApart(contact.End, _contactStart);
    }

    // The contact window moved on by one sample of the vector (x, y, z) in g (the wrist):
    // the squared length of the window's vector sum.
    private double VectorWindowSquared(float x, float y, float z)
    {
        _sumX += x - _windowX[_windowIndex];
        _sumY += y - _windowY[_windowIndex];
        _sumZ += z - _windowZ[_windowIndex];
        _windowX[_windowIndex] = x;
        _windowY[_windowIndex] = y;
        _windowZ[_windowIndex] = z;
        return (_sumX * _sumX) + (_sumY * _sumY) + (_sumZ * _sumZ);
    }

    // The same for the low-passed magnitude m in g (elsewhere).
    private double MagnitudeWindowSquared(float m)
    {
        _sumX += m - _windowX[_windowIndex];
        _windowX[_windowIndex] = m;
        return _sumX * _sumX;
    }

    // Follows the hard contacts; sumSquared is the squared window sum just updated, m the
    // low-passed magnitude, whose maximum is the contact's peak.
    private void TrackContact(double t, float m, double sumSquared)
    {
        int length = _windowX.Length;
        _windowIndex = _windowIndex + 1 == length ? 0 : _windowIndex + 1;
        _windowFill = Math.Min(_windowFill + 1, length);
        double thresholdSum = _contactThreshold * (double)_windowFill;
        bool hard = sumSquared >= thresholdSum * thresholdSum;
        if (!_inContact)
        {
            // The contact counts from where the window began, so the jump is timed at the landing.
            if (_windowFill == length && hard)
            {
                _inContact = true;
                _contactStart = t - (ContactWindowS * (length - 1) / length);
                _contactPeak = m;
            }
        }
        else if (hard)
        {
            _contactPeak = Math.Max(_contactPeak, m);
        }
        else
        {
            EndContact(t);
        }
    }

    private void EndContact(double t)
    {
        _inContact = false;
        bool tooLong = t - _contactStart > MaxContactS;
        if (tooLong || _pendingCount == _pending.Length)
        {
            return;
        }

        _pending[_pendingCount++] = new Contact(_contactStart, t, _contactPeak);
    }

    private readonly record struct Contact(double Start, double End, float Peak, bool Announced = false);

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
