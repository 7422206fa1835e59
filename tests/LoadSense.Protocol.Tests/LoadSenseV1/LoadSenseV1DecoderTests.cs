using System.Text.Json;
using LoadSense.Core;
using LoadSense.Protocol.LoadSenseV1;

namespace LoadSense.Protocol.Tests.LoadSenseV1;

public sealed class LoadSenseV1DecoderTests
{
    private const string File = "loadsense-v1.json";

    public static TheoryData<string> Frames => Vectors.Names(File, "frames");

    public static TheoryData<string> Invalid => Vectors.Names(File, "invalid");

    public static TheoryData<string> Streams => Vectors.Names(File, "streams");

    private static SampleBlock Block() => new("dev", LoadSenseV1Frame.MaxCount);

    [Theory]
    [MemberData(nameof(Frames))]
    public void Decode_GoldenFrame_GivesTheVectorsSamplesAndTimes(string name)
    {
        JsonElement c = Vectors.Case(File, "frames", name);
        JsonElement e = c.GetProperty("expect");
        IFrameDecoder decoder = DeviceProfiles.LoadSenseV1().CreateDecoder();
        SampleBlock block = Block();

        FrameResult result = decoder.Decode(Vectors.Bytes(c.GetProperty("hex")), block);

        Assert.Equal(FrameStatus.Decoded, result.Status);
        Assert.Equal(e.GetProperty("seq").GetInt64(), result.Sequence);
        Assert.Equal(e.GetProperty("count").GetInt32(), block.Count);
        Assert.False(block.GapBefore);
        Assert.Equal(e.GetProperty("rate_hz").GetDouble(), block.SampleRateHz);
        double first = e.GetProperty("t_seconds").GetDouble();
        double period = 1 / e.GetProperty("rate_hz").GetDouble();
        int i = 0;
        foreach (JsonElement s in e.GetProperty("samples_g").EnumerateArray())
        {
            Assert.Equal((float)s[0].GetDouble(), block.X[i]);
            Assert.Equal((float)s[1].GetDouble(), block.Y[i]);
            Assert.Equal((float)s[2].GetDouble(), block.Z[i]);
            Assert.Equal(first + (i * period), block.Time[i], 9);
            i++;
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Write_GoldenFields_GivesTheVectorsBytes(string name)
    {
        JsonElement c = Vectors.Case(File, "frames", name);
        JsonElement e = c.GetProperty("expect");
        short[] xyz = e.GetProperty("samples").EnumerateArray().SelectMany(s => s.EnumerateArray().Select(v => v.GetInt16())).ToArray();
        var buffer = new byte[2048];

        int length = LoadSenseV1Frame.Write(buffer, e.GetProperty("flags").GetByte(), e.GetProperty("seq").GetUInt16(), e.GetProperty("t_ticks").GetUInt32(), e.GetProperty("rate_dhz").GetUInt16(), e.GetProperty("range_g").GetByte(), xyz);

        Assert.Equal(c.GetProperty("hex").GetString(), Convert.ToHexStringLower(buffer.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Decode_InvalidFrame_ReturnsTheNamedErrorAndCountsIt(string name)
    {
        JsonElement c = Vectors.Case(File, "invalid", name);
        IFrameDecoder decoder = DeviceProfiles.LoadSenseV1().CreateDecoder();
        SampleBlock block = Block();

        FrameResult result = decoder.Decode(Vectors.Bytes(c.GetProperty("hex")), block);

        Assert.Equal(FrameStatus.Malformed, result.Status);
        Assert.Equal(c.GetProperty("error").GetString(), FrameResult.ErrorName(result.Error));
        Assert.Equal(0, block.Count);
        Assert.Equal(1, decoder.Counters.Malformed);
        Assert.Equal(0, decoder.Counters.Frames);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Decode_GoldenStream_FlagsGapsAndCountsAsTheVectorsSay(string name)
    {
        JsonElement c = Vectors.Case(File, "streams", name);
        IFrameDecoder decoder = DeviceProfiles.LoadSenseV1().CreateDecoder();
        SampleBlock block = Block();
        JsonElement[] frames = c.GetProperty("frames").EnumerateArray().ToArray();
        JsonElement[] expect = c.GetProperty("expect").EnumerateArray().ToArray();
        Assert.Equal(frames.Length, expect.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            FrameResult result = decoder.Decode(Vectors.Bytes(frames[i]), block);
            JsonElement e = expect[i];
            Assert.Equal(Vectors.Status(e.GetProperty("status").GetString()!), result.Status);
            if (result.Status == FrameStatus.Malformed)
            {
                Assert.Equal(e.GetProperty("error").GetString(), FrameResult.ErrorName(result.Error));
            }

            if (result.Status != FrameStatus.Decoded)
            {
                Assert.Equal(0, block.Count);
                continue;
            }

            Assert.Equal(e.GetProperty("seq").GetInt64(), result.Sequence);
            Assert.Equal(e.GetProperty("gap_before").GetBoolean(), block.GapBefore);
            Assert.Equal(block.GapBefore, result.GapBefore);
            Assert.Equal(e.GetProperty("lost").GetInt64(), result.LostFrames);
            Assert.Equal(e.GetProperty("t_first_ticks").GetInt64() / 32768.0, block.Time[0], 9);
        }

        Vectors.AssertCounters(c.GetProperty("counters"), decoder.Counters);
    }

    [Fact]
    public void Decode_TimesAcrossManyWraps_KeepIncreasing()
    {
        IFrameDecoder decoder = DeviceProfiles.LoadSenseV1().CreateDecoder();
        SampleBlock block = Block();
        var buffer = new byte[LoadSenseV1Frame.HeaderSize + 6];
        double last = double.MinValue;
        uint ticks = uint.MaxValue - 5000;
        // 100 Hz, one sample a frame: 327.68 ticks a frame, past both the sequence and the tick wrap.
        for (int i = 0; i < 70_000; i++)
        {
            uint t = unchecked(ticks + (uint)Math.Round(i * 327.68));
            LoadSenseV1Frame.Write(buffer, 0, unchecked((ushort)(65_000 + i)), t, 1000, 8, [0, 0, 4096]);
            FrameResult result = decoder.Decode(buffer, block);
            Assert.Equal(FrameStatus.Decoded, result.Status);
            Assert.False(result.GapBefore);
            Assert.True(block.Time[0] > last);
            last = block.Time[0];
        }

        Assert.Equal(0, decoder.Counters.Gaps);
        // Each frame's time is rounded to a whole tick (1/32768 s) by the sender.
        Assert.Equal(69_999 * 0.01, last - ((uint.MaxValue - 5000) / 32768.0), 4);
    }

    [Fact]
    public void Decode_BlockTooSmall_IsATypedErrorNotAnException()
    {
        IFrameDecoder decoder = DeviceProfiles.LoadSenseV1().CreateDecoder();
        var buffer = new byte[LoadSenseV1Frame.HeaderSize + 12];
        LoadSenseV1Frame.Write(buffer, 0, 0, 0, 1000, 8, [0, 0, 1, 0, 0, 1]);

        FrameResult result = decoder.Decode(buffer, new SampleBlock("dev", 1));

        Assert.Equal(FrameError.TooManySamples, result.Error);
        Assert.Equal(1, decoder.Counters.Malformed);
    }

    [Fact]
    public void Reset_AfterReconnect_StartsANewStreamWithoutCountingLosses()
    {
        IFrameDecoder decoder = DeviceProfiles.LoadSenseV1().CreateDecoder();
        SampleBlock block = Block();
        var buffer = new byte[LoadSenseV1Frame.HeaderSize + 6];
        LoadSenseV1Frame.Write(buffer, 0, 10, 0, 1000, 8, [0, 0, 1]);
        decoder.Decode(buffer, block);
        decoder.Reset();
        LoadSenseV1Frame.Write(buffer, 0, 500, 99_999, 1000, 8, [0, 0, 1]);

        FrameResult result = decoder.Decode(buffer, block);

        Assert.Equal(FrameStatus.Decoded, result.Status);
        Assert.Equal(0, decoder.Counters.Lost);
        Assert.Equal(2, decoder.Counters.Frames);
    }

    [Fact]
    public void Profile_Commands_FollowTheSpec()
    {
        IDeviceProfile profile = DeviceProfiles.LoadSenseV1(104, 16);

        Assert.Equal("loadsense-v1", profile.Name);
        Assert.Equal("01100410", Convert.ToHexString(profile.StartCommand.Span));
        Assert.Equal("02", Convert.ToHexString(profile.StopCommand.Span));
        Assert.Equal(new Guid("4c530001-0d1e-4f6b-9b9e-6c0a5e1d2b7a"), profile.ServiceUuid);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceProfiles.LoadSenseV1(0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceProfiles.LoadSenseV1(100, 0));
    }
}
