using System.Buffers.Binary;
using LoadSense.Core;

namespace LoadSense.Protocol.LoadSenseV1;

/// <summary>
/// The receiver rules of firmware-protocol/SPEC.md: sequence numbers reveal lost frames,
/// first-sample timestamps reveal device-side losses, duplicates are dropped, and the 16-bit
/// sequence and 32-bit tick counter are unwrapped so that times keep increasing.
/// </summary>
internal sealed class LoadSenseV1Decoder : IFrameDecoder
{
    private bool _started;
    private ushort _lastSequence;
    private long _lastSequenceUnwrapped;
    private uint _lastTicks;
    private long _lastTicksUnwrapped;
    private int _lastCount;
    private ushort _lastRate;
    private long _frames, _samples, _lost, _duplicates, _malformed, _gaps, _resets;

    public DecoderCounters Counters => new(_frames, _samples, _lost, _duplicates, _malformed, _gaps, _resets);

    public void Reset() => _started = false;

    public FrameResult Decode(ReadOnlySpan<byte> notification, SampleBlock destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Clear();
        FrameError error = LoadSenseV1Frame.TryReadHeader(notification, out LoadSenseV1Frame.Header header);
        if (error == FrameError.None && header.Count > destination.Capacity)
        {
            error = FrameError.TooManySamples;
        }

        if (error != FrameError.None)
        {
            _malformed++;
            return FrameResult.Malformed(error);
        }

        bool gap = false;
        long lost = 0;
        long sequence;
        long ticks;
        if (!_started)
        {
            sequence = header.Sequence;
            ticks = header.FirstTicks;
        }
        else
        {
            long previousEnd = _lastTicksUnwrapped + LoadSenseV1Frame.FrameTicks(_lastCount, _lastRate);
            ushort step = (ushort)(header.Sequence - _lastSequence);
            bool restart = (header.Flags & LoadSenseV1Frame.FlagRestart) != 0;
            if (!restart && step == 0)
            {
                _duplicates++;
                return FrameResult.Duplicate(_lastSequenceUnwrapped);
            }

            if (restart || step >= 0x8000)
            {
                // A new device session: its clock restarted too, so it continues from the end of
                // the last frame (the real length of the hole is for the clock fit to find).
                _resets++;
                gap = true;
                sequence = header.Sequence;
                ticks = previousEnd + header.FirstTicks;
            }
            else
            {
                lost = step - 1;
                gap = lost > 0;
                sequence = _lastSequenceUnwrapped + step;
                ticks = _lastTicksUnwrapped + unchecked((int)(header.FirstTicks - _lastTicks));
                // Consecutive frames must be contiguous in time within 1.5 sample periods; more
                // means the device lost samples it could not report.
                double tolerance = 1.5 * 327_680.0 / _lastRate;
                if (lost == 0 && Math.Abs(ticks - previousEnd) > tolerance)
                {
                    gap = true;
                    if (ticks < previousEnd)
                    {
                        _resets++;
                        ticks = previousEnd;
                    }
                }
            }

            if ((header.Flags & LoadSenseV1Frame.FlagOverflow) != 0)
            {
                gap = true;
            }
        }

        _started = true;
        _lastSequence = header.Sequence;
        _lastSequenceUnwrapped = sequence;
        _lastTicks = header.FirstTicks;
        _lastTicksUnwrapped = ticks;
        _lastCount = header.Count;
        _lastRate = header.RateDeciHz;

        destination.GapBefore = gap;
        destination.SampleRateHz = header.RateDeciHz / 10.0;
        double first = ticks / (double)LoadSenseV1Frame.TicksPerSecond;
        double period = 10.0 / header.RateDeciHz;
        // Exact in float: |raw x range| < 2^24 and the division is by a power of two.
        float scale = header.RangeG / 32768f;
        ReadOnlySpan<byte> payload = notification.Slice(LoadSenseV1Frame.HeaderSize, header.Count * LoadSenseV1Frame.SampleSize);
        for (int i = 0; i < header.Count; i++)
        {
            ReadOnlySpan<byte> s = payload.Slice(i * LoadSenseV1Frame.SampleSize, LoadSenseV1Frame.SampleSize);
            destination.Add(
                first + (i * period),
                BinaryPrimitives.ReadInt16LittleEndian(s) * scale,
                BinaryPrimitives.ReadInt16LittleEndian(s[2..]) * scale,
                BinaryPrimitives.ReadInt16LittleEndian(s[4..]) * scale);
        }

        _frames++;
        _samples += header.Count;
        _lost += lost;
        if (gap)
        {
            _gaps++;
        }

        return new FrameResult(FrameStatus.Decoded, FrameError.None, sequence, header.Count, gap, lost);
    }
}
