using LoadSense.Core.Timing;

namespace LoadSense.Core.Tests.Timing;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 0.0, 0.5)]
    [InlineData(0, 0.999, 0.9995)]
    [InlineData(1, 0.0, 1.0)]
    [InlineData(3, 0.5, 6.0)]
    [InlineData(10, 0.0, 30.0)] // capped at 60 s nominal
    [InlineData(1000, 0.999, 59.97)]
    public void EqualJitterSeconds_DoublesPerFailureUpToTheCap_HalfFixedHalfRandom(int earlierFailures, double random, double expected)
    {
        Assert.Equal(expected, Backoff.EqualJitterSeconds(1, 60, earlierFailures, random), 9);
    }

    [Fact]
    public void EqualJitterSeconds_NegativeFailures_CountAsNone()
    {
        Assert.Equal(Backoff.EqualJitterSeconds(2, 60, 0, 0.3), Backoff.EqualJitterSeconds(2, 60, -5, 0.3));
    }
}
