using System.Buffers.Binary;

namespace LoadSense.Protocol.LoadSenseV1;

/// <summary>The LoadSense v1 frame layout (firmware-protocol/SPEC.md); the C reference is firmware-protocol/c/src/ls1.c.</summary>
internal static class LoadSenseV1Frame
{
    public const byte Version = 1;
    public const int HeaderSize = 12;
    public const int SampleSize = 6;
    public const int MaxCount = 255;
    public const int TicksPerSecond = 32768;
    public const byte FlagRestart = 0x01;
    public const byte FlagOverflow = 0x02;

    /// <summary>A validated header.</summary>
    public readonly record struct Header(byte Flags, ushort Sequence, uint FirstTicks, ushort RateDeciHz, byte RangeG, byte Count);

    /// <summary>Checks the frame in the order the spec gives and reads its header.</summary>
    public static FrameError TryReadHeader(ReadOnlySpan<byte> frame, out Header header)
    {
        header = default;
        if (frame.IsEmpty)
        {
            return FrameError.TooShort;
        }

        // The version decides the layout, so it is judged before the length.
        if (frame[0] != Version)
        {
            return FrameError.UnsupportedVersion;
        }

        if (frame.Length < HeaderSize)
        {
            return FrameError.TooShort;
        }

        byte count = frame[11];
        if (count == 0)
        {
            return FrameError.Empty;
        }

        if (frame.Length != HeaderSize + (count * SampleSize))
        {
            return FrameError.LengthMismatch;
        }

        ushort rate = BinaryPrimitives.ReadUInt16LittleEndian(frame[8..]);
        if (rate == 0)
        {
            return FrameError.BadRate;
        }

        byte range = frame[10];
        if (range == 0)
        {
            return FrameError.BadRange;
        }

        header = new Header(frame[1], BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]), BinaryPrimitives.ReadUInt32LittleEndian(frame[4..]), rate, range, count);
        return FrameError.None;
    }

    /// <summary>Writes a frame (used by tests, benchmarks and the simulator side); returns its length.</summary>
    public static int Write(Span<byte> destination, byte flags, ushort sequence, uint firstTicks, ushort rateDeciHz, byte rangeG, ReadOnlySpan<short> xyz)
    {
        int count = xyz.Length / 3;
        if (count is < 1 or > MaxCount || xyz.Length % 3 != 0)
        {
            throw new ArgumentException("A frame holds 1 to 255 whole x, y, z triples.", nameof(xyz));
        }

        int length = HeaderSize + (count * SampleSize);
        if (destination.Length < length)
        {
            throw new ArgumentException($"A frame of {count} samples needs {length} bytes.", nameof(destination));
        }

        destination[0] = Version;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], firstTicks);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], rateDeciHz);
        destination[10] = rangeG;
        destination[11] = (byte)count;
        for (int i = 0; i < xyz.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination[(HeaderSize + (2 * i))..], xyz[i]);
        }

        return length;
    }

    /// <summary>Ticks a frame of <paramref name="count"/> samples spans at the nominal rate, rounded half up (SPEC.md, "Receiving").</summary>
    public static long FrameTicks(int count, ushort rateDeciHz) => ((count * 327_680L) + (rateDeciHz / 2)) / rateDeciHz;
}
