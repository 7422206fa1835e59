using System.Globalization;
using System.Text;
using LoadSense.Recordings.Csv;

namespace LoadSense.Recordings.Tests.Csv;

public sealed class Utf8TimestampTests
{
    [Theory]
    [InlineData("2024-03-14T10:00:00Z", "2024-03-14T10:00:00+00:00")]
    [InlineData("2024-03-14T10:00:00.123Z", "2024-03-14T10:00:00.123+00:00")]
    [InlineData("2024-03-14t10:00:00.1234567z", "2024-03-14T10:00:00.1234567+00:00")]
    [InlineData("2024-03-14 10:00:00.5", "2024-03-14T10:00:00.5+00:00")]
    [InlineData("2024-03-14T10:00:00,25", "2024-03-14T10:00:00.25+00:00")]
    [InlineData("2024-03-14T12:30:00+02:30", "2024-03-14T12:30:00+02:30")]
    [InlineData("2024-03-14T05:00:00-0500", "2024-03-14T05:00:00-05:00")]
    [InlineData("2024-03-14T05:00:00-05", "2024-03-14T05:00:00-05:00")]
    [InlineData("2024-02-29T23:59:59.999", "2024-02-29T23:59:59.999+00:00")]
    [InlineData("1969-12-31T23:59:59Z", "1969-12-31T23:59:59+00:00")]
    [InlineData("3/14/2024 10:00:00.000", "2024-03-14T10:00:00+00:00")]
    [InlineData("12/1/2023 7:05:09.040", "2023-12-01T07:05:09.04+00:00")]
    [InlineData("\"2024-03-14 10:00:00\"", "2024-03-14T10:00:00+00:00")]
    public void TryParse_Timestamp_GivesUnixSeconds(string text, string expected)
    {
        double expectedSeconds = (DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 1e7;

        Assert.True(Utf8Timestamp.TryParse(Encoding.UTF8.GetBytes(text), dayFirst: false, out double seconds));
        Assert.Equal(expectedSeconds, seconds, 6);
    }

    [Fact]
    public void TryParse_DayFirst_SwapsDayAndMonth()
    {
        Assert.True(Utf8Timestamp.TryParse("14/3/2024 10:00:00"u8, dayFirst: true, out double seconds));
        Assert.Equal(new DateTimeOffset(2024, 3, 14, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12.5")]
    [InlineData("2024-13-01T00:00:00")]
    [InlineData("2023-02-29T00:00:00")]
    [InlineData("2024-03-14T24:00:00")]
    [InlineData("2024-03-14T10:60:00")]
    [InlineData("2024-03-14T10:00")]
    [InlineData("2024-03-14")]
    [InlineData("2024-03-14T10:00:00.")]
    [InlineData("2024-03-14T10:00:00 UTC")]
    [InlineData("2024-03-14T10:00:00+1")]
    [InlineData("14/3/2024 10:00:00")]
    public void TryParse_NotATimestamp_ReturnsFalse(string text)
    {
        Assert.False(Utf8Timestamp.TryParse(Encoding.UTF8.GetBytes(text), dayFirst: false, out _));
    }
}
