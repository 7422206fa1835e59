using LoadSense.Core.Dsp;

namespace LoadSense.Core.Tests.Dsp;

public class PeriodEstimatorTests
{
    private static PeriodEstimator Fill(Func<int, double> signal, int samples, int window = 120, int minLag = 7, int maxLag = 60)
    {
        var estimator = new PeriodEstimator(window, minLag, maxLag);
        for (int n = 0; n < samples; n++)
        {
            estimator.Add((float)signal(n));
        }

        return estimator;
    }

    [Theory]
    [InlineData(9)]
    [InlineData(25)]
    [InlineData(55)]
    public void Estimate_Sinusoid_FindsItsPeriodWithHighCorrelation(int period)
    {
        PeriodEstimator estimator = Fill(n => Math.Sin(2 * Math.PI * n / period), 200);
        (int lag, double correlation) = estimator.Estimate();
        Assert.InRange(lag, period - 1, period + 1);
        Assert.True(correlation > 0.9, $"correlation {correlation:0.00}");
    }

    [Fact]
    public void Estimate_StrongSecondHarmonic_TakesTheFundamentalNotAMultiple()
    {
        // A repetition whose projection dips twice per cycle: the period is still 30 samples, and not 60.
        PeriodEstimator estimator = Fill(n => Math.Sin(2 * Math.PI * n / 30) + (0.8 * Math.Sin(4 * Math.PI * n / 30)), 200);
        (int lag, _) = estimator.Estimate();
        Assert.InRange(lag, 29, 31);
    }

    [Fact]
    public void Estimate_WeakFirstPeak_ReportsTheStrongestPeakBesideTheChosenOne()
    {
        // Half the period repeats about 0.85 as well as the whole (a press's two pulses each way):
        // the shorter lag may win, and the strongest peak stays visible for the caller to weigh.
        PeriodEstimator estimator = Fill(n => (0.6 * Math.Sin(2 * Math.PI * n / 40)) + Math.Sin(4 * Math.PI * n / 40), 200);
        (int lag, double correlation) = estimator.Estimate();
        // Only the whole period (40 samples) repeats the signal; half of it correlates 0.47.
        Assert.True(estimator.StrongestCorrelation > 0.9, $"strongest {estimator.StrongestCorrelation:0.00}");
        Assert.True(estimator.StrongestCorrelation >= correlation, $"{estimator.StrongestCorrelation:0.00} < {correlation:0.00}");
        Assert.True(lag is (>= 19 and <= 21) or (>= 39 and <= 41), $"lag {lag}");
    }

    [Fact]
    public void Estimate_WeakHalfPeriodPeak_StillTakesThePeriodOverItsMultiple()
    {
        // A press: the second harmonic outweighs the fundamental, so the first peak (half the
        // period, 12 of 25 samples) is weak, while the period and twice it repeat the signal
        // about equally well (the lifter's second repetition a little like the fourth). The
        // period wins even when its multiple is marginally stronger.
        PeriodEstimator estimator = Fill(n => (0.08 * Math.Sin(2 * Math.PI * n / 25)) + (0.15 * Math.Sin(4 * Math.PI * n / 25)) + (0.01 * Math.Sin(2 * Math.PI * n / 50)), 200);
        (int lag, _) = estimator.Estimate();
        Assert.True(estimator.StrongestCorrelation > 0.9, $"strongest {estimator.StrongestCorrelation:0.00}");
        Assert.Equal(25, lag);
    }

    [Fact]
    public void Estimate_Noise_HasLowCorrelation()
    {
        var random = new Random(5);
        PeriodEstimator estimator = Fill(_ => random.NextDouble() - 0.5, 200);
        (_, double correlation) = estimator.Estimate();
        Assert.True(correlation < 0.4, $"correlation {correlation:0.00}");
    }

    [Fact]
    public void Estimate_TooFewSamples_ReturnsNothingAndResetForgets()
    {
        PeriodEstimator estimator = Fill(n => Math.Sin(2 * Math.PI * n / 20), 10);
        Assert.Equal((0, 0.0), estimator.Estimate());

        estimator = Fill(n => Math.Sin(2 * Math.PI * n / 20), 200);
        Assert.NotEqual(0, estimator.Estimate().Lag);
        estimator.Reset();
        Assert.Equal(0, estimator.Count);
        Assert.Equal((0, 0.0), estimator.Estimate());
        Assert.Equal(0, estimator.StrongestCorrelation);
    }

    [Fact]
    public void Constructor_WindowShorterThanTheLongestLag_Throws() =>
        Assert.Throws<ArgumentException>(() => new PeriodEstimator(50, 5, 60));
}
