namespace LoadSense.Protocol;

/// <summary>
/// What LoadSense knows about one kind of sensor: where its data lives in GATT, how to start
/// and stop streaming, and how to turn its notifications into sample blocks.
/// </summary>
public interface IDeviceProfile
{
    /// <summary>The profile's name on the command line, e.g. <c>loadsense-v1</c>.</summary>
    string Name { get; }

    /// <summary>The primary GATT service that carries the stream.</summary>
    Guid ServiceUuid { get; }

    /// <summary>The characteristic that notifies data frames.</summary>
    Guid DataCharacteristicUuid { get; }

    /// <summary>The characteristic that start, stop and configure commands are written to.</summary>
    Guid ControlCharacteristicUuid { get; }

    /// <summary>Bytes to write to the control characteristic (with response) to start streaming.</summary>
    ReadOnlyMemory<byte> StartCommand { get; }

    /// <summary>Bytes to write to the control characteristic (with response) to stop streaming.</summary>
    ReadOnlyMemory<byte> StopCommand { get; }

    /// <summary>The most samples one notification can decode to: the capacity a destination block needs.</summary>
    int MaxSamplesPerFrame { get; }

    /// <summary>Creates a decoder for one device's stream; it keeps that stream's state and counters.</summary>
    IFrameDecoder CreateDecoder();
}
