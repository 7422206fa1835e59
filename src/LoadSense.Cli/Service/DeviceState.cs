using LoadSense.Core;
using LoadSense.Core.Storage;
using LoadSense.Protocol;

namespace LoadSense.Cli.Service;

/// <summary>
/// What the service knows of one device right now; written by its source (the BLE session or the
/// simulator) and the pipeline, read by the state file writer and the telemetry reporter.
/// </summary>
internal sealed class DeviceState(string deviceId, string patient, Placement placement, string source)
{
    private readonly Lock _gate = new();
    private string _state = "starting";
    private double? _lastSample;
    private long _blocks;
    private long _samples;
    private long _gaps;
    private double _gapSeconds;
    private long _reconnects;
    private DecoderCounters _decoder;
    private byte? _battery;
    private short? _rssi;
    private Totals _reported;

    public string DeviceId { get; } = deviceId;

    public string Patient { get; } = patient;

    public Placement Placement { get; } = placement;

    public void SetState(string state)
    {
        lock (_gate)
        {
            _state = state;
        }
    }

    /// <summary>Counts a block that went into the analysis; a gap adds the time between the blocks (less one sample period) to the lost time.</summary>
    public void Received(SampleBlock block)
    {
        lock (_gate)
        {
            _state = "streaming";
            _blocks++;
            _samples += block.Count;
            if (block.GapBefore)
            {
                _gaps++;
                if (_lastSample is { } last && block.Count > 0)
                {
                    double period = block.SampleRateHz > 0 ? 1 / block.SampleRateHz : 0;
                    _gapSeconds += Math.Max(0, block.Time[0] - last - period);
                }
            }

            if (block.Count > 0)
            {
                _lastSample = block.Time[block.Count - 1];
            }
        }
    }

    /// <summary>The decoder's running counts (lost, malformed, ...), after every notification.</summary>
    public void Decoded(DecoderCounters counters)
    {
        lock (_gate)
        {
            _decoder = counters;
        }
    }

    /// <summary>A connection was re-established after a loss.</summary>
    public void Reconnected()
    {
        lock (_gate)
        {
            _reconnects++;
        }
    }

    /// <summary>The last battery level and signal strength read (null keeps the previous value).</summary>
    public void Health(byte? batteryPercent, short? rssiDbm)
    {
        lock (_gate)
        {
            _battery = batteryPercent ?? _battery;
            _rssi = rssiDbm ?? _rssi;
        }
    }

    /// <summary>A consistent copy for the state file.</summary>
    public DeviceStatus Snapshot()
    {
        lock (_gate)
        {
            DateTimeOffset? last = _lastSample is { } s ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000)) : null;
            long expected = _decoder.Frames + _decoder.Lost;
            double? lossRate = expected > 0 ? (double)_decoder.Lost / expected : null;
            return new DeviceStatus(DeviceId, Patient, Placement.ToString().ToLowerInvariant(), source, _state, last, _blocks, _samples, _gaps)
            {
                LostFrames = _decoder.Lost,
                MalformedFrames = _decoder.Malformed,
                LossRate = lossRate,
                Reconnects = _reconnects,
                BatteryPercent = _battery,
                RssiDbm = _rssi,
            };
        }
    }

    /// <summary>The telemetry record of the interval since the previous call, ending at <paramref name="now"/>.</summary>
    public DeviceTelemetry TakeTelemetry(DateTimeOffset now)
    {
        lock (_gate)
        {
            var totals = new Totals(_samples, _decoder.Lost, _decoder.Malformed, _gaps, _gapSeconds, _reconnects);
            Totals since = _reported;
            _reported = totals;
            return new DeviceTelemetry(
                Patient,
                DeviceId,
                now.ToUnixTimeMilliseconds() / 1000.0,
                _state,
                _battery,
                _rssi,
                totals.Samples - since.Samples,
                totals.Lost - since.Lost,
                totals.Malformed - since.Malformed,
                totals.Gaps - since.Gaps,
                totals.GapSeconds - since.GapSeconds,
                totals.Reconnects - since.Reconnects);
        }
    }

    private readonly record struct Totals(long Samples, long Lost, long Malformed, long Gaps, double GapSeconds, long Reconnects);
}

/// <summary>One device's line in the state file.</summary>
internal sealed record DeviceStatus(string Device, string Patient, string Placement, string Source, string State, DateTimeOffset? LastSample, long Blocks, long Samples, long Gaps)
{
    /// <summary>Frames known or estimated to be missing (decoder).</summary>
    public long LostFrames { get; init; }

    /// <summary>Notifications the decoder rejected.</summary>
    public long MalformedFrames { get; init; }

    /// <summary>Lost frames over frames expected (decoded + lost); null before the first frame.</summary>
    public double? LossRate { get; init; }

    /// <summary>Connections re-established after a loss.</summary>
    public long Reconnects { get; init; }

    /// <summary>The last battery level read, in percent.</summary>
    public int? BatteryPercent { get; init; }

    /// <summary>The last signal strength read, in dBm.</summary>
    public int? RssiDbm { get; init; }
}

/// <summary>The state file: when it was written, whether the service still runs, and every device.</summary>
internal sealed record ServiceStatus(DateTimeOffset UpdatedAt, bool Running, IReadOnlyList<DeviceStatus> Devices);
