using System.Text.Json;
using LoadSense.Core;
using LoadSense.Protocol.PolarPmd;

namespace LoadSense.Protocol.Tests.PolarPmd;

public sealed class PolarPmdDecoderTests
{
    private const string File = "polar-pmd.json";

    public static TheoryData<string> Frames => Vectors.Names(File, "frames");

    public static TheoryData<string> Invalid => Vectors.Names(File, "invalid");

    public static TheoryData<string> Streams => Vectors.Names(File, "streams");

    private static SampleBlock Block() => new("polar", PolarPmdProfile.MaxSamples);

    private static double UnixSeconds(ulong ns) => 946_684_800 + (ns / 1_000_000_000UL) + ((ns % 1_000_000_000UL) / 1e9);

    private static IFrameDecoder Decoder(JsonElement c) =>
        DeviceProfiles.PolarPmd(c.GetProperty("rate_hz").GetInt32(), 8, (float)c.GetProperty("factor").GetDouble()).CreateDecoder();

    [Theory]
    [MemberData(nameof(Frames))]
    public void Decode_GoldenFrame_MatchesThePolarSdkValuesAndTimes(string name)
    {
        JsonElement c = Vectors.Case(File, "frames", name);
        JsonElement e = c.GetProperty("expect");
        IFrameDecoder decoder = Decoder(c);
        SampleBlock block = Block();

        FrameResult result = decoder.Decode(Vectors.Bytes(c.GetProperty("hex")), block);

        Assert.Equal(FrameStatus.Decoded, result.Status);
        JsonElement[] mg = e.GetProperty("mg").EnumerateArray().ToArray();
        ulong[] ns = e.GetProperty("t_ns").EnumerateArray().Select(t => t.GetUInt64()).ToArray();
        Assert.Equal(mg.Length, block.Count);
        for (int i = 0; i < mg.Length; i++)
        {
            Assert.Equal(mg[i][0].GetInt32() / 1000f, block.X[i]);
            Assert.Equal(mg[i][1].GetInt32() / 1000f, block.Y[i]);
            Assert.Equal(mg[i][2].GetInt32() / 1000f, block.Z[i]);
            Assert.Equal(UnixSeconds(ns[i]), block.Time[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Decode_InvalidFrame_ReturnsTheNamedErrorAndCountsIt(string name)
    {
        JsonElement c = Vectors.Case(File, "invalid", name);
        IFrameDecoder decoder = DeviceProfiles.PolarPmd().CreateDecoder();
        SampleBlock block = Block();

        FrameResult result = decoder.Decode(Vectors.Bytes(c.GetProperty("hex")), block);

        Assert.Equal(FrameStatus.Malformed, result.Status);
        Assert.Equal(c.GetProperty("error").GetString(), FrameResult.ErrorName(result.Error));
        Assert.Equal(0, block.Count);
        Assert.Equal(1, decoder.Counters.Malformed);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Decode_GoldenStream_SpreadsOrFlagsAsTheVectorsSay(string name)
    {
        JsonElement c = Vectors.Case(File, "streams", name);
        IFrameDecoder decoder = Decoder(c);
        SampleBlock block = Block();
        JsonElement[] frames = c.GetProperty("frames").EnumerateArray().ToArray();
        JsonElement[] expect = c.GetProperty("expect").EnumerateArray().ToArray();
        for (int i = 0; i < frames.Length; i++)
        {
            FrameResult result = decoder.Decode(Vectors.Bytes(frames[i]), block);
            Assert.Equal(Vectors.Status(expect[i].GetProperty("status").GetString()!), result.Status);
            if (result.Status != FrameStatus.Decoded)
            {
                continue;
            }

            Assert.Equal(expect[i].GetProperty("gap_before").GetBoolean(), block.GapBefore);
            ulong[] ns = expect[i].GetProperty("t_ns").EnumerateArray().Select(t => t.GetUInt64()).ToArray();
            Assert.Equal(ns.Length, block.Count);
            for (int k = 0; k < ns.Length; k++)
            {
                Assert.Equal(UnixSeconds(ns[k]), block.Time[k]);
            }
        }

        Vectors.AssertCounters(c.GetProperty("counters"), decoder.Counters);
    }

    [Fact]
    public void StartAccelerometer_H10At200Hz16Bit8G_IsTheDocumentedCommand()
    {
        Assert.Equal("02020001C80001011000020108 00".Replace(" ", "", StringComparison.Ordinal), Convert.ToHexString(PolarPmdControl.StartAccelerometer(200, 16, 8)));
        IDeviceProfile profile = DeviceProfiles.PolarPmd(200, 8);
        Assert.Equal("0302", Convert.ToHexString(profile.StopCommand.Span));
        Assert.Equal("0102", Convert.ToHexString(PolarPmdControl.GetAccelerometerSettings.Span));
        Assert.Equal(new Guid("FB005C82-02E7-F387-1CAD-8ACD2D8DF0C8"), profile.DataCharacteristicUuid);
        Assert.Equal(new Guid("FB005C81-02E7-F387-1CAD-8ACD2D8DF0C8"), profile.ControlCharacteristicUuid);
    }

    [Fact]
    public void TryReadResponse_StartResponseWithFactor_ReadsTheFactor()
    {
        byte[] factor = BitConverter.GetBytes(0.244f);
        byte[] response = [0xF0, 0x02, 0x02, 0x00, 0x00, 0x05, 0x01, .. factor];

        Assert.True(PolarPmdControl.TryReadResponse(response, 2, out float read));
        Assert.Equal(0.244f, read);
        Assert.False(PolarPmdControl.TryReadResponse([0xF0, 0x02, 0x02, 0x05], 2, out _));
        Assert.True(PolarPmdControl.TryReadResponse([0xF0, 0x02, 0x02, 0x00], 2, out float none));
        Assert.Equal(1f, none);
    }
}
