using System.Buffers.Binary;

namespace LoadSense.Protocol.PolarPmd;

/// <summary>
/// Polar PMD control-point messages for the accelerometer: the get-settings, start and stop
/// commands, and reading the factor from a control-point response.
/// </summary>
public static class PolarPmdControl
{
    /// <summary>PMD measurement type of the accelerometer.</summary>
    public const byte Accelerometer = 2;

    private const byte OpGetSettings = 1;
    private const byte OpStart = 2;
    private const byte OpStop = 3;
    private const byte ResponseCode = 0xF0;
    private const byte SettingSampleRate = 0, SettingResolution = 1, SettingRange = 2, SettingChannels = 4, SettingFactor = 5;

    /// <summary><c>01 02</c>: ask the device which accelerometer settings it supports.</summary>
    public static ReadOnlyMemory<byte> GetAccelerometerSettings { get; } = new byte[] { OpGetSettings, Accelerometer };

    /// <summary><c>03 02</c>: stop the accelerometer stream.</summary>
    public static ReadOnlyMemory<byte> StopAccelerometer { get; } = new byte[] { OpStop, Accelerometer };

    /// <summary>
    /// The start command <c>02 02</c> followed by the settings as <c>type, count=1, value u16 LE</c>:
    /// sample rate (Hz), resolution (bits), range (g). H10 at 200 Hz, 16 bit, ±8 g gives
    /// <c>02 02 00 01 C8 00 01 01 10 00 02 01 08 00</c>.
    /// </summary>
    public static byte[] StartAccelerometer(int sampleRateHz, int resolutionBits, int rangeG)
    {
        var command = new byte[14];
        command[0] = OpStart;
        command[1] = Accelerometer;
        WriteSetting(command.AsSpan(2), SettingSampleRate, checked((ushort)sampleRateHz));
        WriteSetting(command.AsSpan(6), SettingResolution, checked((ushort)resolutionBits));
        WriteSetting(command.AsSpan(10), SettingRange, checked((ushort)rangeG));
        return command;
    }

    /// <summary>
    /// Reads a control-point response (<c>F0 op type status [more] settings...</c>): true when it
    /// is a successful response (status 0) to <paramref name="op"/> for the accelerometer;
    /// <paramref name="factor"/> is the factor setting it carries, 1 when it carries none.
    /// </summary>
    public static bool TryReadResponse(ReadOnlySpan<byte> response, byte op, out float factor)
    {
        factor = 1f;
        if (response.Length < 4 || response[0] != ResponseCode || response[1] != op || response[2] != Accelerometer || response[3] != 0)
        {
            return false;
        }

        ReadOnlySpan<byte> settings = response.Length > 5 ? response[5..] : [];
        while (settings.Length >= 2)
        {
            byte type = settings[0];
            int count = settings[1];
            int size = type switch
            {
                SettingSampleRate or SettingResolution or SettingRange => 2,
                3 => 4,
                SettingChannels => 1,
                SettingFactor => 4,
                _ => -1,
            };
            if (size < 0 || settings.Length < 2 + (count * size))
            {
                break;
            }

            if (type == SettingFactor && count >= 1)
            {
                factor = BinaryPrimitives.ReadSingleLittleEndian(settings[2..]);
            }

            settings = settings[(2 + (count * size))..];
        }

        return true;
    }

    private static void WriteSetting(Span<byte> destination, byte type, ushort value)
    {
        destination[0] = type;
        destination[1] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], value);
    }
}
