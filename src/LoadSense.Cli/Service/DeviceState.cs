using LoadSense.Core;

namespace LoadSense.Cli.Service;

/// <summary>What the service knows of one device right now; written by its session, read by the state file writer.</summary>
internal sealed class DeviceState(string deviceId, string patient, Placement placement, string source)
{
    private readonly Lock _gate = new();
    private string _state = "starting";
    private double? _lastSample;
    private long _blocks;
    private long _samples;
    private long _gaps;

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

    /// <summary>Counts a block that went into the analysis.</summary>
    public void Received(SampleBlock block)
    {
        lock (_gate)
        {
            _state = "streaming";
            _blocks++;
            _samples += block.Count;
            _gaps += block.GapBefore ? 1 : 0;
            if (block.Count > 0)
            {
                _lastSample = block.Time[block.Count - 1];
            }
        }
    }

    /// <summary>A consistent copy for the state file.</summary>
    public DeviceStatus Snapshot()
    {
        lock (_gate)
        {
            DateTimeOffset? last = _lastSample is { } s ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000)) : null;
            return new DeviceStatus(DeviceId, Patient, Placement.ToString().ToLowerInvariant(), source, _state, last, _blocks, _samples, _gaps);
        }
    }
}

/// <summary>One device's line in the state file.</summary>
internal sealed record DeviceStatus(string Device, string Patient, string Placement, string Source, string State, DateTimeOffset? LastSample, long Blocks, long Samples, long Gaps);

/// <summary>The state file: when it was written, whether the service still runs, and every device.</summary>
internal sealed record ServiceStatus(DateTimeOffset UpdatedAt, bool Running, IReadOnlyList<DeviceStatus> Devices);
