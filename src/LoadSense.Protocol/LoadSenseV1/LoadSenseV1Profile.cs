using System.Buffers.Binary;

namespace LoadSense.Protocol.LoadSenseV1;

/// <summary>LoadSense's own firmware: GATT profile and commands of firmware-protocol/SPEC.md.</summary>
internal sealed class LoadSenseV1Profile : IDeviceProfile
{
    public const string ProfileName = "loadsense-v1";

    // "LS" in the first two bytes of a random base; SPEC.md lists them.
    public static readonly Guid Service = new("4c530001-0d1e-4f6b-9b9e-6c0a5e1d2b7a");
    public static readonly Guid Data = new("4c530002-0d1e-4f6b-9b9e-6c0a5e1d2b7a");
    public static readonly Guid Control = new("4c530003-0d1e-4f6b-9b9e-6c0a5e1d2b7a");
    public static readonly Guid Info = new("4c530004-0d1e-4f6b-9b9e-6c0a5e1d2b7a");

    public const byte OpStart = 0x01;
    public const byte OpStop = 0x02;
    public const byte OpConfigure = 0x03;

    public LoadSenseV1Profile(double sampleRateHz, int rangeG)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, 0.1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRateHz, 6553.5);
        ArgumentOutOfRangeException.ThrowIfLessThan(rangeG, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rangeG, 255);
        StartCommand = Command(OpStart, (ushort)Math.Round(sampleRateHz * 10), (byte)rangeG);
    }

    public string Name => ProfileName;

    public Guid ServiceUuid => Service;

    public Guid DataCharacteristicUuid => Data;

    public Guid ControlCharacteristicUuid => Control;

    public ReadOnlyMemory<byte> StartCommand { get; }

    public ReadOnlyMemory<byte> StopCommand { get; } = new byte[] { OpStop };

    public int MaxSamplesPerFrame => LoadSenseV1Frame.MaxCount;

    public IFrameDecoder CreateDecoder() => new LoadSenseV1Decoder();

    /// <summary><c>[op][rate u16 LE, 0.1 Hz][range u8, g]</c>: start or configure.</summary>
    public static byte[] Command(byte op, ushort rateDeciHz, byte rangeG)
    {
        var command = new byte[4];
        command[0] = op;
        BinaryPrimitives.WriteUInt16LittleEndian(command.AsSpan(1), rateDeciHz);
        command[3] = rangeG;
        return command;
    }
}
