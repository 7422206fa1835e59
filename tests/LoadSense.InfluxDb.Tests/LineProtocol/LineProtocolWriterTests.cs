using System.Text;
using System.Text.Json;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.InfluxDb.Tests.Support;

namespace LoadSense.InfluxDb.Tests.LineProtocol;

public sealed class LineProtocolWriterTests
{
    [Fact]
    public void Timestamp_PlainPoint_WritesOneLine()
    {
        var writer = new LineProtocolWriter();

        writer.Measurement("events");
        writer.Tag("kind", "step");
        writer.Tag("patient", "p1");
        writer.Field("peak_g", 1.5);
        writer.Field("set_no", 3L);
        writer.Field("worn", true);
        writer.Field("placement", "hip");
        writer.Timestamp(1_767_225_600_123_456);

        Assert.Equal("events,kind=step,patient=p1 peak_g=1.5,set_no=3i,worn=true,placement=\"hip\" 1767225600123456\n", Text(writer));
        Assert.Equal(1, writer.PointCount);
    }

    [Fact]
    public void ThreeAxisPoints_Samples_OneLinePerSampleNonFiniteAxesLeftOut()
    {
        var writer = new LineProtocolWriter();
        writer.Measurement("m");
        writer.Field("f", 1L);
        writer.Timestamp(5);
        byte[] key = LineProtocolWriter.SeriesKey("raw_samples", ("device", "hip 1,l=r"), ("patient", "p1"));

        int written = writer.ThreeAxisPoints(
            key, "x"u8, "y"u8, "z"u8,
            [1.0, 1.01, 1.02, 1.0300004], [0.5f, float.NaN, float.NaN, -1.25e-5f], [-1f, 0.125f, float.NaN, 0f], [1.0009999f, float.PositiveInfinity, float.NaN, 3f],
            1e6);

        Assert.Equal(3, written);
        Assert.Equal(4, writer.PointCount);
        Assert.Equal(
            "m f=1i 5\n" +
            "raw_samples,device=hip\\ 1\\,l\\=r,patient=p1 x=0.5,y=-1,z=1.0009999 1000000\n" +
            "raw_samples,device=hip\\ 1\\,l\\=r,patient=p1 y=0.125 1010000\n" +
            "raw_samples,device=hip\\ 1\\,l\\=r,patient=p1 x=-1.25E-05,y=0,z=3 1030000\n",
            Text(writer));
    }

    [Fact]
    public void ThreeAxisPoints_TimeBeyondInfluxDbsRange_ThrowsAndKeepsTheCountOfWhatWasWritten()
    {
        // 2300-01-01 fits a 64-bit count of microseconds but not InfluxDB's nanoseconds (up to 2262).
        var writer = new LineProtocolWriter();
        byte[] key = LineProtocolWriter.SeriesKey("raw_samples", ("device", "d"));

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.ThreeAxisPoints(
            key, "x"u8, "y"u8, "z"u8, [1.0, 10_413_792_000.0], [1f, 1f], [1f, 1f], [1f, 1f], 1e6));

        Assert.Equal(1, writer.PointCount);
        Assert.Equal("raw_samples,device=d x=1,y=1,z=1 1000000\n", Text(writer));
    }

    [Fact]
    public void ThreeAxisPoints_PointOpen_Throws()
    {
        var writer = new LineProtocolWriter();
        writer.Measurement("m");

        Assert.Throws<InvalidOperationException>(() => writer.ThreeAxisPoints([], "x"u8, "y"u8, "z"u8, [1.0], [1f], [1f], [1f], 1e6));
    }

    [Theory]
    [InlineData("a b", @"a\ b")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a=b", "a=b")]
    [InlineData("a\"b", "a\"b")]
    public void Measurement_SpecialCharacters_EscapesCommasAndSpacesOnly(string name, string expected)
    {
        var writer = new LineProtocolWriter();

        writer.Measurement(name);
        writer.Field("f", 1L);
        writer.Timestamp(0);

        Assert.StartsWith(expected + " f=1i", Text(writer), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a b", @"a\ b")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a=b", @"a\=b")]
    [InlineData("a\"b'c", "a\"b'c")]
    [InlineData(@"a\b", @"a\b")]
    [InlineData("äö €", @"äö\ €")]
    public void Tag_SpecialCharacters_EscapesCommasEqualsAndSpacesInKeyAndValue(string text, string expected)
    {
        var writer = new LineProtocolWriter();

        writer.Measurement("m");
        writer.Tag(text, text);
        writer.Field(text, 1L);
        writer.Timestamp(0);

        Assert.Equal($"m,{expected}={expected} {expected}=1i 0\n", Text(writer));
    }

    [Theory]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"back\slash", "\"back\\\\slash\"")]
    [InlineData("a, b=c", "\"a, b=c\"")]
    public void Field_StringValue_EscapesQuotesAndBackslashes(string value, string expected)
    {
        var writer = new LineProtocolWriter();

        writer.Measurement("m");
        writer.Field("s", value);
        writer.Timestamp(0);

        Assert.Equal($"m s={expected} 0\n", Text(writer));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Field_NonFiniteDouble_LeavesOutOnlyThatField(double value)
    {
        var writer = new LineProtocolWriter();

        writer.Measurement("m");
        bool written = writer.Field("bad", value);
        writer.Field("good", 2.25);
        writer.Timestamp(5);

        Assert.False(written);
        Assert.Equal("m good=2.25 5\n", Text(writer));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e21, "1E+21")]
    [InlineData(5e-324, "5E-324")]
    [InlineData(7.891_234_5, "7.8912345")]
    public void Field_Double_WritesShortestRoundTripText(double value, string expected)
    {
        var writer = new LineProtocolWriter();

        writer.Measurement("m");
        writer.Field("f", value);
        writer.Timestamp(0);

        Assert.Equal($"m f={expected} 0\n", Text(writer));
    }

    [Fact]
    public void Field_IntegerExtremes_WriteWithSuffix()
    {
        var writer = new LineProtocolWriter();

        writer.Measurement("m");
        writer.Field("min", long.MinValue);
        writer.Field("max", long.MaxValue);
        writer.Timestamp(-1);

        Assert.Equal("m min=-9223372036854775808i,max=9223372036854775807i -1\n", Text(writer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("ends\\")]
    public void Tag_UnrepresentableText_ThrowsArgumentException(string text)
    {
        var writer = new LineProtocolWriter();
        writer.Measurement("m");

        Assert.Throws<ArgumentException>(() => writer.Tag("k", text));
        Assert.Throws<ArgumentException>(() => writer.Tag(text, "v"));
    }

    [Fact]
    public void Timestamp_PointWithoutFields_ThrowsAndKeepsEarlierPoints()
    {
        var writer = new LineProtocolWriter();
        writer.Measurement("m");
        writer.Field("f", 1L);
        writer.Timestamp(1);

        writer.Measurement("m");
        writer.Tag("t", "v");
        writer.Field("nan", double.NaN);

        Assert.Throws<InvalidOperationException>(() => writer.Timestamp(2));
        Assert.Equal("m f=1i 1\n", Text(writer));
        Assert.Equal(1, writer.PointCount);
    }

    [Fact]
    public void Tag_AfterField_ThrowsInvalidOperationException()
    {
        var writer = new LineProtocolWriter();
        writer.Measurement("m");
        writer.Field("f", 1L);

        Assert.Throws<InvalidOperationException>(() => writer.Tag("t", "v"));
        Assert.Throws<InvalidOperationException>(() => writer.WrittenMemory);
    }

    [Fact]
    public void Split_ManyLines_CutsAtLineBoundaries()
    {
        var writer = new LineProtocolWriter();
        for (int i = 0; i < 7; i++)
        {
            writer.Measurement("m");
            writer.Field("f", (long)i);
            writer.Timestamp(i);
        }

        var parts = LineBatches.Split(writer.WrittenMemory, 3).ToList();

        Assert.Equal([3, 3, 1], parts.Select(p => p.Points));
        Assert.Equal(Text(writer), string.Concat(parts.Select(p => Encoding.UTF8.GetString(p.Lines.Span))));
        Assert.All(parts, p => Assert.Equal((byte)'\n', p.Lines.Span[^1]));
    }

    private static string Text(LineProtocolWriter writer) => Encoding.UTF8.GetString(writer.WrittenMemory.Span);
}

/// <summary>The escaping, checked by the server that parses it.</summary>
[Collection(InfluxdTests.Name)]
public sealed class LineProtocolServerTests(InfluxdFixture influxd)
{
    [Fact]
    public async Task Write_EveryEscapedCharacterClass_ReadsBackVerbatim()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        await Influx.CreateDatabaseAsync(options);
        const string measurement = "m e,as=ure\"ment";
        const string tagKey = "t a,g=k\"ey";
        const string tagValue = "v a,l=ue \"x\" 'y' \\ äö";
        const string fieldKey = "f i,e=ld";
        const string text = "say \"hi\", a=b \\ back\\slash 'q'";
        var writer = new LineProtocolWriter();
        writer.Measurement(measurement);
        writer.Tag(tagKey, tagValue);
        writer.Field(fieldKey, 1.25);
        writer.Field("text", text);
        writer.Timestamp(1_767_225_600_000_001);

        await Influx.WriteAsync(options, Encoding.UTF8.GetString(writer.WrittenMemory.Span));

        using JsonDocument answer = JsonDocument.Parse(await Influx.RawJsonAsync(options, "SELECT * FROM " + InfluxSchema.Identifier(measurement)));
        JsonElement series = answer.RootElement.GetProperty("results")[0].GetProperty("series")[0];
        Assert.Equal(measurement, series.GetProperty("name").GetString());
        string[] columns = [.. series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!)];
        JsonElement row = series.GetProperty("values")[0];
        Assert.Equal(1_767_225_600_000_001, row[Array.IndexOf(columns, "time")].GetInt64());
        Assert.Equal(tagValue, row[Array.IndexOf(columns, tagKey)].GetString());
        Assert.Equal(1.25, row[Array.IndexOf(columns, fieldKey)].GetDouble());
        Assert.Equal(text, row[Array.IndexOf(columns, "text")].GetString());
    }
}
