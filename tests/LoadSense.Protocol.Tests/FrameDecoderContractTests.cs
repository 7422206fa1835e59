using LoadSense.Core;

namespace LoadSense.Protocol.Tests;

/// <summary>What every <see cref="IFrameDecoder"/> promises, whatever the device.</summary>
public abstract class FrameDecoderContractTests
{
    protected abstract IDeviceProfile Profile { get; }

    /// <summary>A valid frame of the profile whose first-sample time is <paramref name="index"/> frames later than step 0.</summary>
    protected abstract byte[] ValidFrame(int index);

    private SampleBlock Block() => new("contract", Profile.MaxSamplesPerFrame);

    [Fact]
    public void Decode_EmptyInput_IsMalformedAndCounted()
    {
        IFrameDecoder decoder = Profile.CreateDecoder();

        FrameResult result = decoder.Decode([], Block());

        Assert.Equal(FrameStatus.Malformed, result.Status);
        Assert.Equal(FrameError.TooShort, result.Error);
        Assert.Equal(new DecoderCounters(0, 0, 0, 0, 1, 0, 0), decoder.Counters);
    }

    [Fact]
    public void Decode_MalformedAfterGood_LeavesTheBlockEmptyAndTheStreamIntact()
    {
        IFrameDecoder decoder = Profile.CreateDecoder();
        SampleBlock block = Block();
        Assert.Equal(FrameStatus.Decoded, decoder.Decode(ValidFrame(0), block).Status);

        Assert.Equal(FrameStatus.Malformed, decoder.Decode(ValidFrame(1).AsSpan(0, 5), block).Status);
        Assert.Equal(0, block.Count);
        FrameResult next = decoder.Decode(ValidFrame(1), block);

        Assert.Equal(FrameStatus.Decoded, next.Status);
        Assert.False(next.GapBefore);
        Assert.True(block.Count > 0);
    }

    [Fact]
    public void Decode_SameFrameTwice_DropsTheSecondAsDuplicate()
    {
        IFrameDecoder decoder = Profile.CreateDecoder();
        SampleBlock block = Block();
        decoder.Decode(ValidFrame(0), block);

        FrameResult again = decoder.Decode(ValidFrame(0), block);

        Assert.Equal(FrameStatus.Duplicate, again.Status);
        Assert.Equal(0, block.Count);
        Assert.Equal(1, decoder.Counters.Duplicates);
        Assert.Equal(1, decoder.Counters.Frames);
    }

    [Fact]
    public void Decode_SkippedFrames_FlagAGapAndCountTheLoss()
    {
        IFrameDecoder decoder = Profile.CreateDecoder();
        SampleBlock block = Block();
        decoder.Decode(ValidFrame(0), block);
        double lastBefore = block.Time[block.Count - 1];

        FrameResult result = decoder.Decode(ValidFrame(4), block);

        Assert.True(result.GapBefore);
        Assert.True(block.GapBefore);
        Assert.Equal(3, result.LostFrames);
        Assert.Equal(3, decoder.Counters.Lost);
        Assert.Equal(1, decoder.Counters.Gaps);
        Assert.True(block.Time[0] > lastBefore);
    }

    [Fact]
    public void Decode_NullBlock_IsAProgrammingErrorThatThrows()
    {
        IFrameDecoder decoder = Profile.CreateDecoder();

        Assert.Throws<ArgumentNullException>(() => decoder.Decode(ValidFrame(0), null!));
    }

    [Fact]
    public void Reset_KeepsCountersAndStartsANewStream()
    {
        IFrameDecoder decoder = Profile.CreateDecoder();
        SampleBlock block = Block();
        decoder.Decode(ValidFrame(0), block);
        decoder.Reset();

        FrameResult result = decoder.Decode(ValidFrame(9), block);

        Assert.False(result.GapBefore);
        Assert.Equal(2, decoder.Counters.Frames);
        Assert.Equal(0, decoder.Counters.Lost);
    }
}

public sealed class LoadSenseV1DecoderContractTests : FrameDecoderContractTests
{
    protected override IDeviceProfile Profile => DeviceProfiles.LoadSenseV1();

    // Two samples a frame at 100 Hz: 655 ticks apart.
    protected override byte[] ValidFrame(int index)
    {
        var frame = new byte[24];
        LoadSense.Protocol.LoadSenseV1.LoadSenseV1Frame.Write(frame, 0, (ushort)index, (uint)(index * 655), 1000, 8, [0, 0, 4096, 1, 1, 4095]);
        return frame;
    }
}

public sealed class PolarPmdDecoderContractTests : FrameDecoderContractTests
{
    protected override IDeviceProfile Profile => DeviceProfiles.PolarPmd(200);

    // Two raw int16 samples a frame at 200 Hz: 10 ms apart.
    protected override byte[] ValidFrame(int index)
    {
        ulong ts = 820_000_000_000_000_000UL + ((ulong)index * 10_000_000UL);
        byte[] frame = [0x02, .. BitConverter.GetBytes(ts), 0x01, 0, 0, 0, 0, 0xE8, 0x03, 1, 0, 1, 0, 0xE7, 0x03];
        return frame;
    }
}
