namespace LoadSense.Core;

/// <summary>
/// A batch of consecutive three-axis samples from one device, stored as parallel arrays
/// (struct of arrays) so that per-sample work runs over spans. One block crosses an
/// observable boundary per notification or file chunk; the producer may reuse the block
/// after <c>OnNext</c> returns, so consumers that keep data must copy it.
/// </summary>
public sealed class SampleBlock
{
    private readonly double[] _time;
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _z;

    /// <summary>Creates an empty block that can hold <paramref name="capacity"/> samples.</summary>
    public SampleBlock(string deviceId, int capacity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        DeviceId = deviceId;
        _time = new double[capacity];
        _x = new float[capacity];
        _y = new float[capacity];
        _z = new float[capacity];
    }

    /// <summary>The device (or recording) the samples come from.</summary>
    public string DeviceId { get; }

    /// <summary>How many samples the block can hold.</summary>
    public int Capacity => _time.Length;

    /// <summary>How many samples the block holds.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the block holds no more room.</summary>
    public bool IsFull => Count == _time.Length;

    /// <summary>
    /// True when samples are known to be missing between the previous block of this device
    /// and this one (lost frames, a reconnect, a hole in a file). Analysis restarts its
    /// filters there instead of bridging the hole.
    /// </summary>
    public bool GapBefore { get; set; }

    /// <summary>The stream's nominal sample rate in Hz (the actual spacing is in <see cref="Time"/>).</summary>
    public double SampleRateHz { get; set; }

    /// <summary>Sample times: seconds since 1970-01-01 UTC on the device clock mapped to UTC.</summary>
    public ReadOnlySpan<double> Time => _time.AsSpan(0, Count);

    /// <summary>Acceleration along the device's x axis, in g (9.80665 m/s²), gravity included.</summary>
    public ReadOnlySpan<float> X => _x.AsSpan(0, Count);

    /// <summary>Acceleration along the device's y axis, in g, gravity included.</summary>
    public ReadOnlySpan<float> Y => _y.AsSpan(0, Count);

    /// <summary>Acceleration along the device's z axis, in g, gravity included.</summary>
    public ReadOnlySpan<float> Z => _z.AsSpan(0, Count);

    /// <summary>Appends one sample; the block must not be full.</summary>
    public void Add(double time, float x, float y, float z)
    {
        int i = Count;
        if (i == _time.Length)
        {
            throw new InvalidOperationException("The sample block is full.");
        }

        _time[i] = time;
        _x[i] = x;
        _y[i] = y;
        _z[i] = z;
        Count = i + 1;
    }

    /// <summary>
    /// Moves the block's times from the device clock to UTC: every time t becomes
    /// t + <paramref name="offset"/> + <paramref name="drift"/> × (t − first), where first is the
    /// block's first time (so <paramref name="offset"/> is the correction at the first sample and
    /// <paramref name="drift"/> the clock's rate error, e.g. 1e-4 for 100 ppm).
    /// </summary>
    public void ShiftTimes(double offset, double drift)
    {
        if (Count == 0)
        {
            return;
        }

        double first = _time[0];
        Span<double> times = _time.AsSpan(0, Count);
        for (int i = 0; i < times.Length; i++)
        {
            times[i] += offset + (drift * (times[i] - first));
        }
    }

    /// <summary>Empties the block for reuse, keeping its device and rate.</summary>
    public void Clear()
    {
        Count = 0;
        GapBefore = false;
    }
}
