using System.Buffers.Binary;
using LoadSense.Core;

namespace LoadSense.Protocol.PolarPmd;

/// <summary>
/// Decodes PMD accelerometer frames the way polar-ble-sdk does (AccData, BlePMDClient delta
/// parsing, PmdTimeStampUtils), except that a hole in the stream is flagged and keeps the
/// nominal spacing instead of being stretched over. Values come out in mG as the SDK's do,
/// then in g.
/// </summary>
internal sealed class PolarPmdDecoder : IFrameDecoder
{
    private const int HeaderSize = 10;
    private const int Channels = 3;
    private const double NanosecondsPerSecond = 1e9;
    // 2000-01-01T00:00:00Z in Unix seconds: the PMD clock's epoch.
    private const double Epoch2000UnixSeconds = 946_684_800;

    private readonly int _sampleRateHz;
    private readonly float _factor;
    private readonly int[] _values;
    private ulong _previousTimestamp;
    private long _ordinal;
    private long _frames, _samples, _lost, _duplicates, _malformed, _gaps, _resets;

    public PolarPmdDecoder(int sampleRateHz, float factor, int maxSamples)
    {
        _sampleRateHz = sampleRateHz;
        _factor = factor;
        _values = new int[maxSamples * Channels];
    }

    public DecoderCounters Counters => new(_frames, _samples, _lost, _duplicates, _malformed, _gaps, _resets);

    public void Reset() => _previousTimestamp = 0;

    public FrameResult Decode(ReadOnlySpan<byte> notification, SampleBlock destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Clear();
        FrameError error = Parse(notification, Math.Min(destination.Capacity, _values.Length / Channels), out ulong timestamp, out int count);
        if (error != FrameError.None)
        {
            _malformed++;
            return FrameResult.Malformed(error);
        }

        double nominal = NanosecondsPerSecond / _sampleRateHz;
        bool gap = false;
        bool reset = false;
        long lost = 0;
        bool fromRate = _previousTimestamp == 0;
        double delta = nominal;
        if (!fromRate)
        {
            if (timestamp == _previousTimestamp)
            {
                _duplicates++;
                return FrameResult.Duplicate(_ordinal - 1);
            }

            if (timestamp < _previousTimestamp)
            {
                gap = reset = fromRate = true;
            }
            else
            {
                ulong between = timestamp - _previousTimestamp;
                delta = between / (double)count;
                if (delta > 1.5 * nominal)
                {
                    // Not stretched: the frame keeps the nominal spacing back from its own timestamp.
                    gap = fromRate = true;
                    lost = Math.Max(1, (long)Math.Round(between / (count * nominal)) - 1);
                    delta = nominal;
                }
            }
        }

        double start;
        if (fromRate)
        {
            if (timestamp < delta * count)
            {
                _malformed++;
                return FrameResult.Malformed(FrameError.BadTimestamp);
            }

            start = timestamp - (delta * (count - 1));
        }
        else
        {
            start = _previousTimestamp + delta;
        }

        destination.GapBefore = gap;
        destination.SampleRateHz = _sampleRateHz;
        for (int i = 0; i < count; i++)
        {
            // The SDK rounds every time but the last, which is the frame's own timestamp.
            ulong ns = i < count - 1 ? (ulong)Math.Round(start + (delta * i)) : timestamp;
            int j = i * Channels;
            destination.Add(UnixSeconds(ns), _values[j] / 1000f, _values[j + 1] / 1000f, _values[j + 2] / 1000f);
        }

        _previousTimestamp = timestamp;
        _frames++;
        _samples += count;
        _lost += lost;
        if (gap)
        {
            _gaps++;
        }

        if (reset)
        {
            _resets++;
        }

        return new FrameResult(FrameStatus.Decoded, FrameError.None, _ordinal++, count, gap, lost);
    }

    /// <summary>Nanoseconds since 2000-01-01 UTC to Unix seconds, splitting off whole seconds to keep the fraction.</summary>
    internal static double UnixSeconds(ulong nanoseconds) =>
        Epoch2000UnixSeconds + (nanoseconds / 1_000_000_000UL) + ((nanoseconds % 1_000_000_000UL) / NanosecondsPerSecond);

    /// <summary>Reads the header and the samples (in mG, into <see cref="_values"/>).</summary>
    private FrameError Parse(ReadOnlySpan<byte> frame, int capacity, out ulong timestamp, out int count)
    {
        timestamp = 0;
        count = 0;
        if (frame.Length < HeaderSize)
        {
            return FrameError.TooShort;
        }

        if ((frame[0] & 0x3F) != PolarPmdControl.Accelerometer)
        {
            return FrameError.UnsupportedMeasurement;
        }

        timestamp = BinaryPrimitives.ReadUInt64LittleEndian(frame[1..]);
        bool compressed = (frame[9] & 0x80) != 0;
        int type = frame[9] & 0x7F;
        ReadOnlySpan<byte> payload = frame[HeaderSize..];
        if (compressed)
        {
            if (type > 1)
            {
                return FrameError.UnsupportedFrameType;
            }

            FrameError error = ParseDeltaFrames(payload, capacity, out count);
            if (error != FrameError.None)
            {
                return error;
            }

            ApplyFactor(type, count);
            return FrameError.None;
        }

        if (type > 2)
        {
            return FrameError.UnsupportedFrameType;
        }

        // Raw frames: int8 / int16 / int24 per axis, already in mG; the SDK applies no factor.
        int size = type + 1;
        if (payload.IsEmpty)
        {
            return FrameError.Empty;
        }

        if (payload.Length % (size * Channels) != 0)
        {
            return FrameError.Truncated;
        }

        count = payload.Length / (size * Channels);
        if (count > capacity)
        {
            return FrameError.TooManySamples;
        }

        for (int i = 0; i < count * Channels; i++)
        {
            _values[i] = ReadSigned(payload.Slice(i * size, size));
        }

        return FrameError.None;
    }

    private void ApplyFactor(int type, int count)
    {
        // Type 0 (Verity Sense) carries g: the SDK multiplies by factor x 1000 in float32 and
        // truncates. Type 1 carries mG and is scaled only when the factor is not 1.
        float factor = type == 0 ? _factor * 1000f : _factor;
        if (type == 1 && _factor == 1f)
        {
            return;
        }

        for (int i = 0; i < count * Channels; i++)
        {
            _values[i] = (int)(_values[i] * factor);
        }
    }

    /// <summary>
    /// A reference sample (three int16) then blocks <c>[bits][count][bits x count x 3, LSB first]</c>
    /// of deltas added cumulatively, with int32 wrap-around as in the SDK.
    /// </summary>
    private FrameError ParseDeltaFrames(ReadOnlySpan<byte> payload, int capacity, out int count)
    {
        count = 0;
        const int ReferenceBytes = 2;
        if (payload.Length < Channels * ReferenceBytes)
        {
            return FrameError.Truncated;
        }

        if (capacity < 1)
        {
            return FrameError.TooManySamples;
        }

        for (int c = 0; c < Channels; c++)
        {
            _values[c] = BinaryPrimitives.ReadInt16LittleEndian(payload[(c * ReferenceBytes)..]);
        }

        count = 1;
        int offset = Channels * ReferenceBytes;
        while (offset < payload.Length)
        {
            if (offset + 2 > payload.Length)
            {
                return FrameError.Truncated;
            }

            int bits = payload[offset];
            int blockSamples = payload[offset + 1];
            offset += 2;
            if (bits > 32)
            {
                return FrameError.BadDeltaWidth;
            }

            int blockBytes = ((bits * blockSamples * Channels) + 7) / 8;
            if (offset + blockBytes > payload.Length)
            {
                return FrameError.Truncated;
            }

            if (count + blockSamples > capacity)
            {
                return FrameError.TooManySamples;
            }

            ReadOnlySpan<byte> block = payload.Slice(offset, blockBytes);
            // The SDK's sign rule, kept literally: Int.MAX_VALUE shl (bits - 1), shift count
            // taken modulo 32 as on the JVM. It is two's complement for 2..32 bits; a 1-bit delta
            // of 1 reads as int.MaxValue there, and here.
            int signMask = int.MaxValue << (bits - 1);
            long bit = 0;
            for (int s = 0; s < blockSamples; s++)
            {
                int previous = (count - 1) * Channels;
                int next = count * Channels;
                for (int c = 0; c < Channels; c++)
                {
                    int value = bits == 0 ? 0 : (int)ReadBits(block, bit, bits);
                    bit += bits;
                    if ((value & signMask) != 0)
                    {
                        value |= signMask;
                    }

                    _values[next + c] = unchecked(_values[previous + c] + value);
                }

                count++;
            }

            offset += blockBytes;
        }

        return FrameError.None;
    }

    /// <summary><paramref name="width"/> (1 to 32) bits starting at bit <paramref name="position"/>, least significant bit first.</summary>
    private static uint ReadBits(ReadOnlySpan<byte> data, long position, int width)
    {
        int index = (int)(position >> 3);
        int shift = (int)(position & 7);
        ulong window = 0;
        for (int k = 0; k < 5 && index + k < data.Length; k++)
        {
            window |= (ulong)data[index + k] << (8 * k);
        }

        return (uint)((window >> shift) & ((1UL << width) - 1));
    }

    private static int ReadSigned(ReadOnlySpan<byte> bytes)
    {
        int value = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            value |= bytes[i] << (8 * i);
        }

        int unused = 32 - (8 * bytes.Length);
        return (value << unused) >> unused;
    }
}
