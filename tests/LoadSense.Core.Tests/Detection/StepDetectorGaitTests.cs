using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;

namespace LoadSense.Core.Tests.Detection;

public class StepDetectorGaitTests
{
    // Feeds half-sine lobes (0.15 s wide, 0.3 g) of the band-passed magnitude at the given times.
    private static StepDetector Feed(double rateHz, IReadOnlyList<double> lobeTimes)
    {
        var options = new AnalyzerOptions();
        var steps = new StepDetector(options);
        var jumps = new JumpDetector(options, Placement.Hip);
        var scorer = new EventScorer(new ScoringOptions());
        var events = new List<LoadEvent>();
        double end = lobeTimes[^1] + 1.0;
        int n = (int)(end * rateHz);
        var time = new double[n];
        var band = new float[n];
        var impact = new float[n];
        for (int i = 0; i < n; i++)
        {
            time[i] = i / rateHz;
            impact[i] = 1f;
            band[i] = -0.02f;
            foreach (double lobe in lobeTimes)
            {
                double phase = (time[i] - lobe + 0.075) / 0.15;
                if (phase is > 0 and < 1)
                {
                    band[i] = (float)(0.3 * Math.Sin(Math.PI * phase));
                }
            }
        }

        steps.Process(time, band, impact, jumps, scorer, events);
        return steps;
    }

    private static List<double> Times(params double[] intervals)
    {
        var times = new List<double> { 1.0 };
        foreach (double interval in intervals)
        {
            times.Add(times[^1] + interval);
        }

        return times;
    }

    [Theory]
    [InlineData(12.5)]
    [InlineData(50)]
    [InlineData(400)]
    public void Process_SteadyStrideWithUnequalLeftAndRightSteps_IsWalking(double rate)
    {
        // A phone in one pocket: steps alternate 0.42 s and 0.66 s, the stride is a steady 1.08 s.
        StepDetector steps = Feed(rate, Times(0.42, 0.66, 0.42, 0.66, 0.42, 0.66, 0.42));
        Assert.True(steps.LastWalkingTime > 3.0, $"last walking time {steps.LastWalkingTime}");
        Assert.InRange(steps.MeanCandidateIntervalS, 0.49, 0.59);
    }

    [Fact]
    public void MeanCandidateIntervalS_FewerThanSixLobes_IsInfinite() =>
        Assert.Equal(double.PositiveInfinity, Feed(50, Times(0.5, 0.5, 0.5)).MeanCandidateIntervalS);

    [Fact]
    public void Process_IrregularLobes_AreNotWalking()
    {
        // A lift's push and catch: lobes as frequent as steps but with no steady stride.
        StepDetector steps = Feed(50, Times(0.38, 0.66, 0.68, 0.36, 0.76, 0.28, 1.24, 0.50, 0.34, 0.70));
        Assert.Equal(double.NegativeInfinity, steps.LastWalkingTime);
    }

    [Fact]
    public void Process_SteadyButSlowerThanWalking_IsNotWalking()
    {
        // Two lobes a repetition of 2 s: steady, but a 2 s "stride" is slower than any walk.
        StepDetector steps = Feed(50, Times(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0));
        Assert.Equal(double.NegativeInfinity, steps.LastWalkingTime);
    }
}
