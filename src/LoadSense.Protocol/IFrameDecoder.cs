using LoadSense.Core;

namespace LoadSense.Protocol;

/// <summary>
/// A stateful decoder for one device's notification stream. It never throws for bad input:
/// a frame it cannot use comes back as <see cref="FrameStatus.Malformed"/> with a
/// <see cref="FrameError"/> and is counted.
/// </summary>
public interface IFrameDecoder
{
    /// <summary>
    /// Decodes one notification into <paramref name="destination"/>, which is cleared first and
    /// must hold at least <see cref="IDeviceProfile.MaxSamplesPerFrame"/> samples. On
    /// <see cref="FrameStatus.Decoded"/> the block holds the frame's samples, in g, with times
    /// in seconds and <see cref="SampleBlock.GapBefore"/> set when samples were lost before them;
    /// otherwise it is left empty.
    /// </summary>
    FrameResult Decode(ReadOnlySpan<byte> notification, SampleBlock destination);

    /// <summary>What this decoder has seen so far.</summary>
    DecoderCounters Counters { get; }

    /// <summary>Forgets the stream (after a reconnect): the next frame starts a new stream; counters are kept.</summary>
    void Reset();
}
