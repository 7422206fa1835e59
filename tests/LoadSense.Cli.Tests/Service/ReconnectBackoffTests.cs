using LoadSense.Cli.Service;

namespace LoadSense.Cli.Tests.Service;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Next_RepeatedFailures_DoublesWithJitterUpToTheMax()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(3));
        double[] nominal = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60];
        var delays = nominal.Select(_ => backoff.Next().TotalSeconds).ToArray();

        for (int i = 0; i < nominal.Length; i++)
        {
            Assert.InRange(delays[i], nominal[i] / 2, nominal[i]);
        }

        Assert.True(delays.Skip(6).Distinct().Count() > 1, "jitter spreads the capped delays");
        Assert.Equal(10, backoff.Attempt);
    }

    [Fact]
    public void Next_ThousandsOfFailures_StaysBounded()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), new Random(1));
        for (int i = 0; i < 5000; i++)
        {
            Assert.InRange(backoff.Next().TotalSeconds, 0.05, 30);
        }
    }

    [Fact]
    public void Reset_AfterSuccess_StartsFromTheInitialDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(3));
        for (int i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1);
    }

    [Fact]
    public void Constructor_MaxBelowInitial_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), new Random(1)));
}
