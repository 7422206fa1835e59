namespace LoadSense.Core.Timing;

/// <summary>
/// Maps one device's clock to UTC with a drift-corrected fit instead of per-notification arrival
/// times. Every notification gives a point (device time of its last sample, arrival time on the
/// gateway's clock); its offset = arrival − device time is the true offset plus a delay that is
/// never negative (radio, connection interval, host scheduling). So the truth lies along the
/// <em>lower envelope</em> of the offsets: the mapper keeps the smallest offset per window of
/// device time (<see cref="WindowSeconds"/>), fits a line through those minima by least squares
/// (slope = the crystal's drift, bounded by <see cref="MaxDrift"/>), and lowers the line until no
/// minimum lies below it. Delayed notifications therefore cannot pull the mapping late.
/// <para>
/// Discontinuities: a point earlier than the line allows by more than <see cref="JumpSeconds"/>
/// (the clock moved forward), a device time that goes backwards, a block after a gap that
/// disagrees with the line by more than <see cref="JumpSeconds"/>, or a run of points later than the
/// line by more than that which keeps arriving for <see cref="JumpSeconds"/> (at least three), all
/// mean the device clock was reset: the fit starts again. A host that stalled (a busy gateway, a
/// slow SD card) delivers its backlog in one burst: late points that arrive together, which
/// stay out of the envelope and change nothing.
/// Mapped times never go backwards: when the fit moves earlier, the block boundary gives up at
/// most half a sample period per block until the mapping has caught up.
/// </para>
/// Not thread-safe: one instance per device stream.
/// </summary>
public sealed class DeviceClockMapper
{
    private const int JumpConfirmations = 3;

    private readonly double[] _windowTime;
    private readonly double[] _windowOffset;
    private readonly long[] _windowIndex;
    private int _windows;
    private int _suspicious;
    private double _firstSuspiciousArrival;
    private double _lastDeviceTime = double.NegativeInfinity;
    private double _lastUtc = double.NegativeInfinity;
    private double _intercept;
    private double _origin;
    private double _slope;

    /// <summary>Creates a mapper.</summary>
    /// <param name="windowSeconds">Device time per envelope window, in s (1 to 600; default 10).</param>
    /// <param name="windows">Windows the fit spans, newest kept (2 to 10 000; default 180: half an hour at 10 s).</param>
    /// <param name="jumpSeconds">A disagreement with the fit larger than this, in s, is a clock jump (0.05 to 3600; default 2).</param>
    /// <param name="maxDrift">The largest clock rate error believed, as a fraction (0 to 0.01; default 0.001 = 1000 ppm).</param>
    public DeviceClockMapper(double windowSeconds = 10, int windows = 180, double jumpSeconds = 2, double maxDrift = 0.001)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windowSeconds, 600);
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windows, 10_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(jumpSeconds, 0.05);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jumpSeconds, 3600);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDrift, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDrift, 0.01);
        WindowSeconds = windowSeconds;
        JumpSeconds = jumpSeconds;
        MaxDrift = maxDrift;
        _windowTime = new double[windows];
        _windowOffset = new double[windows];
        _windowIndex = new long[windows];
    }

    /// <summary>Device time per envelope window, in seconds.</summary>
    public double WindowSeconds { get; }

    /// <summary>A disagreement with the fit, in seconds, beyond which the clock is taken to have jumped.</summary>
    public double JumpSeconds { get; }

    /// <summary>The largest drift believed (fraction; 0.001 = 1000 ppm).</summary>
    public double MaxDrift { get; }

    /// <summary>Whether at least one point has been seen since the last reset.</summary>
    public bool HasFit => _windows > 0;

    /// <summary>The fitted drift: the device clock runs slow by this fraction (positive) or fast (negative).</summary>
    public double Drift => _slope;

    /// <summary>Times the fit started again because the device clock jumped.</summary>
    public long ClockResets { get; private set; }

    /// <summary>The fitted offset UTC − device time at a device time, in seconds (0 before any point).</summary>
    public double OffsetAt(double deviceTime) => HasFit ? _intercept + (_slope * (deviceTime - _origin)) : 0;

    /// <summary>UTC (Unix seconds) of a device time.</summary>
    public double ToUtc(double deviceTime) => deviceTime + OffsetAt(deviceTime);

    /// <summary>
    /// Adds one notification: the device time of its last sample and when it arrived (Unix seconds,
    /// gateway clock). <paramref name="afterGap"/> says the stream broke just before it, so a
    /// disagreement with the fit is a reset at once rather than after confirmation.
    /// </summary>
    public void Observe(double deviceTime, double arrivalUtc, bool afterGap = false)
    {
        if (!double.IsFinite(deviceTime) || !double.IsFinite(arrivalUtc))
        {
            return;
        }

        double offset = arrivalUtc - deviceTime;
        if (HasFit)
        {
            double residual = offset - OffsetAt(deviceTime);
            bool jumped = residual < -JumpSeconds || deviceTime < _lastDeviceTime - JumpSeconds || (afterGap && Math.Abs(residual) > JumpSeconds);
            if (!jumped && residual > JumpSeconds)
            {
                // Late by more than any plausible delay: a jump, or a backlog after the host
                // stalled. Only a run that keeps arriving at the stream's pace is believed; a
                // burst stays out of the envelope.
                if (_suspicious++ == 0)
                {
                    _firstSuspiciousArrival = arrivalUtc;
                }

                if (_suspicious < JumpConfirmations || arrivalUtc - _firstSuspiciousArrival < JumpSeconds)
                {
                    return;
                }

                jumped = true;
            }

            if (jumped)
            {
                ClockResets++;
                ResetFit();
            }
        }

        _suspicious = 0;
        _lastDeviceTime = Math.Max(_lastDeviceTime, deviceTime);
        if (AddToEnvelope(deviceTime, offset))
        {
            Fit();
        }
    }

    /// <summary>
    /// Observes the block (its last sample, <paramref name="arrivalUtc"/>, its gap flag) and
    /// rewrites its times from the device clock to UTC, never earlier than the block before it.
    /// </summary>
    public void Map(SampleBlock block, double arrivalUtc)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Count == 0)
        {
            return;
        }

        double first = block.Time[0];
        Observe(block.Time[^1], arrivalUtc, block.GapBefore);
        double offset = OffsetAt(first);
        // Half a sample period past the previous block at least: times keep increasing, and a fit
        // that moved earlier is followed gradually.
        double spacing = block.SampleRateHz > 0 ? 1 / block.SampleRateHz : 0;
        offset = Math.Max(offset, _lastUtc + (0.5 * spacing) - first);
        block.ShiftTimes(offset, _slope);
        _lastUtc = block.Time[^1];
    }

    /// <summary>Forgets the fit (a different device, or a clock known to be reset); mapped times still never go backwards.</summary>
    public void Reset() => ResetFit();

    private void ResetFit()
    {
        _windows = 0;
        _suspicious = 0;
        _slope = 0;
        _intercept = 0;
        _origin = 0;
        _lastDeviceTime = double.NegativeInfinity;
    }

    // Whether the envelope changed: most notifications arrive later than their window's
    // quickest so far, and the fit stays as it is.
    private bool AddToEnvelope(double deviceTime, double offset)
    {
        long index = (long)Math.Floor(deviceTime / WindowSeconds);
        int newest = _windows - 1;
        if (_windows > 0 && _windowIndex[newest] == index)
        {
            if (offset >= _windowOffset[newest])
            {
                return false;
            }

            _windowOffset[newest] = offset;
            _windowTime[newest] = deviceTime;
            return true;
        }

        if (_windows == _windowIndex.Length)
        {
            // Keep the newest windows: the oldest slides out.
            Array.Copy(_windowIndex, 1, _windowIndex, 0, _windows - 1);
            Array.Copy(_windowTime, 1, _windowTime, 0, _windows - 1);
            Array.Copy(_windowOffset, 1, _windowOffset, 0, _windows - 1);
            _windows--;
        }

        _windowIndex[_windows] = index;
        _windowTime[_windows] = deviceTime;
        _windowOffset[_windows] = offset;
        _windows++;
        return true;
    }

    private void Fit()
    {
        int n = _windows;
        double meanT = 0, meanO = 0;
        for (int i = 0; i < n; i++)
        {
            meanT += _windowTime[i];
            meanO += _windowOffset[i];
        }

        meanT /= n;
        meanO /= n;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double dt = _windowTime[i] - meanT;
            sxx += dt * dt;
            sxy += dt * (_windowOffset[i] - meanO);
        }

        // Over less than one window the slope is noise: drift shows over minutes.
        double slope = n >= 2 && sxx > 0 && _windowTime[n - 1] - _windowTime[0] >= WindowSeconds ? sxy / sxx : 0;
        _slope = Math.Clamp(slope, -MaxDrift, MaxDrift);
        _origin = meanT;
        // The lower envelope: lower the line until no window's minimum lies under it.
        double lowest = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            lowest = Math.Min(lowest, _windowOffset[i] - (_slope * (_windowTime[i] - meanT)));
        }

        _intercept = lowest;
    }
}
