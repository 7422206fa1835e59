using LoadSense.Core;

namespace LoadSense.Storage.Tests;

public sealed class SqliteValuesTests
{
    [Fact]
    public void ToMicroseconds_WholeMicrosecondTimes_RoundTripBitForBit()
    {
        // About 1600 device times over a day and a half, at irregular microsecond offsets.
        for (long micros = 1_767_225_600_000_000; micros < 1_767_225_600_000_000 + 130_000_000_000; micros += 7_919 * 10_007)
        {
            double seconds = micros / 1e6;

            Assert.Equal(micros, SqliteValues.ToMicroseconds(seconds));
            Assert.Equal(seconds, SqliteValues.ToSeconds(SqliteValues.ToMicroseconds(seconds)));
        }
    }

    [Theory]
    [InlineData(1.0000004, 1_000_000)]
    [InlineData(1.0000006, 1_000_001)]
    [InlineData(-1.5, -1_500_000)]
    public void ToMicroseconds_Fractions_RoundToNearestMicrosecond(double seconds, long expected)
    {
        Assert.Equal(expected, SqliteValues.ToMicroseconds(seconds));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e14)]
    public void ToMicroseconds_NotARepresentableTime_ThrowsArgumentOutOfRangeException(double seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteValues.ToMicroseconds(seconds));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, long.MaxValue)]
    [InlineData(1e300, long.MaxValue)]
    [InlineData(double.NegativeInfinity, long.MinValue)]
    [InlineData(-1e300, long.MinValue)]
    [InlineData(2.5, 2_500_000)]
    public void BoundToMicroseconds_AnyNumber_RoundsOrClamps(double seconds, long expected)
    {
        Assert.Equal(expected, SqliteValues.BoundToMicroseconds(seconds, "bound"));
    }

    [Fact]
    public void BoundToMicroseconds_NaN_ThrowsArgumentOutOfRangeException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteValues.BoundToMicroseconds(double.NaN, "bound"));
    }

    [Fact]
    public void ToText_Date_IsIsoAndSortsLikeTheDate()
    {
        Assert.Equal("0001-01-01", SqliteValues.ToText(DateOnly.MinValue));
        Assert.Equal("2026-03-09", SqliteValues.ToText(new DateOnly(2026, 3, 9)));
        Assert.Equal(new DateOnly(2026, 3, 9), SqliteValues.ToDate("2026-03-09"));
        Assert.True(string.CompareOrdinal(SqliteValues.ToText(new DateOnly(999, 12, 31)), SqliteValues.ToText(new DateOnly(2026, 1, 1))) < 0);
    }

    [Fact]
    public void ToText_EveryPlacementAndKind_ParsesBack()
    {
        foreach (Placement placement in Enum.GetValues<Placement>())
        {
            Assert.Equal(placement, SqliteValues.ToPlacement(SqliteValues.ToText(placement)));
        }

        foreach (LoadEventKind kind in Enum.GetValues<LoadEventKind>())
        {
            Assert.Equal(kind, SqliteValues.ToKind(SqliteValues.ToText(kind)));
        }
    }

    [Fact]
    public void ToPlacement_UnknownText_ThrowsInvalidDataException()
    {
        Assert.Throws<InvalidDataException>(() => SqliteValues.ToPlacement("Ankle"));
        Assert.Throws<InvalidDataException>(() => SqliteValues.ToKind("Swim"));
        Assert.Throws<InvalidDataException>(() => SqliteValues.ToDate("9.3.2026"));
    }
}
