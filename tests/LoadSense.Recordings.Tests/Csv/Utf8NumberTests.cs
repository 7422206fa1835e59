using System.Globalization;
using System.Text;
using LoadSense.Recordings.Csv;

namespace LoadSense.Recordings.Tests.Csv;

public sealed class Utf8NumberTests
{
    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("1", 1.0)]
    [InlineData("-0.25985", -0.25985)]
    [InlineData("+0.5", 0.5)]
    [InlineData("  9.80665 ", 9.80665)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("147.874202", 147.874202)]
    [InlineData("1700000000.123456", 1700000000.123456)]
    [InlineData("1.5e-3", 0.0015)]
    [InlineData("-2E2", -200.0)]
    [InlineData("0.000000000000000000000000001", 1e-27)]
    [InlineData("12345678901234567890123", 12345678901234567890123.0)]
    public void TryParse_Number_MatchesDoubleParse(string text, double expected)
    {
        Assert.True(Utf8Number.TryParse(Encoding.UTF8.GetBytes(text), out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public void TryParse_NotAFiniteNumber_ReturnsFalse(string text)
    {
        Assert.False(Utf8Number.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void TryParse_RandomDecimals_AreBitExactWithDoubleParse()
    {
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            double v = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 12));
            string text = v.ToString("F" + random.Next(0, 16).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

            Assert.True(Utf8Number.TryParse(Encoding.UTF8.GetBytes(text), out double parsed), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), parsed);
        }
    }

    [Theory]
    [InlineData("12.5,3", 12.5, 4)]
    [InlineData("-0.25e3", -0.25, 5)]
    [InlineData("7", 7.0, 1)]
    [InlineData("+.5;1", 0.5, 3)]
    public void TryParsePrefix_NumberFollowedByOtherBytes_StopsAfterTheNumber(string text, double expected, int expectedUsed)
    {
        Assert.True(Utf8Number.TryParsePrefix(Encoding.UTF8.GetBytes(text), out double value, out int used));
        Assert.Equal(expected, value);
        Assert.Equal(expectedUsed, used);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("-")]
    [InlineData("\"1\"")]
    [InlineData("0.00000000000000000001")]
    public void TryParsePrefix_NoPlainNumberAtTheStart_ReturnsFalse(string text) =>
        Assert.False(Utf8Number.TryParsePrefix(Encoding.UTF8.GetBytes(text), out _, out _));
}
