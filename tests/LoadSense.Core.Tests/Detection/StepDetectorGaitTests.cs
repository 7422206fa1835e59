using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;

namespace LoadSense.Core.Tests.Detection;

public class StepDetectorGaitTests
{
    // Feeds half-sine lobes (0.15 s wide, 0.3 g) of the band-passed magnitude at the given times.
    private static StepDetector Feed(double rateHz, IReadOnlyList<double> lobeTimes) => Walk(rateHz, lobeTimes).Steps;

    // The same, then the end of the stream: the steps counted, and the announcements.
    private static (StepDetector Steps, List<LoadEvent> Events) Walk(double rateHz, IReadOnlyList<double> lobeTimes)
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
        steps.Flush(jumps, scorer, events);
        return (steps, events);
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

    [Theory]
    [InlineData(12.5)]
    [InlineData(50)]
    public void Process_HandlingThePhone_CountsNoStepAndWithdrawsWhatItAnnounced(double rate)
    {
        // Taking the phone from a pocket: lobes as frequent as steps, each within 1.3 s of the
        // last, but at random intervals, so that no four strides in a row are within ±20%.
        var (steps, events) = Walk(rate, Times(0.3, 1.1, 0.4, 0.3, 1.2, 0.5, 0.3, 1.0));

        Assert.Empty(events);
        Assert.NotEmpty(steps.ProvisionalEvents);
        Assert.Equal(
            steps.ProvisionalEvents.Where(p => p.State == ProvisionalState.Announced).Select(p => p.Time),
            steps.ProvisionalEvents.Where(p => p.State == ProvisionalState.Withdrawn).Select(p => p.Time));
    }

    [Theory]
    [InlineData(12.5)]
    [InlineData(50)]
    public void Process_HandlingThenAWalk_CountsTheWalkFromItsFirstStep(double rate)
    {
        // The phone put away (three lobes), 1.25 s later 20 steps of 0.5 s: one bout (no gap
        // over 1.3 s), which steadies after six steps; its steps count back to the break in
        // rhythm (1.25 s is more than twice a step), the handling before it does not.
        List<double> lobes = Times(0.5, 0.3, 1.25);
        for (int i = 0; i < 19; i++)
        {
            lobes.Add(lobes[^1] + 0.5);
        }

        var (steps, events) = Walk(rate, lobes);

        Assert.Equal(20, events.Count);
        Assert.True(events[0].Time >= lobes[3] - 0.05, $"first step at {events[0].Time:0.00} s, the walk began at {lobes[3]:0.00} s");
        // Announced as they came, then each confirmed (an event) or withdrawn (the handling).
        var announced = steps.ProvisionalEvents.Where(p => p.State == ProvisionalState.Announced).Select(p => p.Time).ToList();
        var confirmed = steps.ProvisionalEvents.Where(p => p.State == ProvisionalState.Confirmed).Select(p => p.Time).ToList();
        var withdrawn = steps.ProvisionalEvents.Where(p => p.State == ProvisionalState.Withdrawn).Select(p => p.Time).ToList();
        Assert.Equal(announced.Order(), confirmed.Concat(withdrawn).Order());
        Assert.Equal(confirmed, events.Select(e => e.Time).Take(confirmed.Count));
        Assert.All(withdrawn, time => Assert.True(time < lobes[3] - 0.05, $"a step of the walk at {time:0.00} s was withdrawn"));
    }

    [Theory]
    [InlineData(12.5)]
    [InlineData(50)]
    public void Process_WalkWithAMissedStep_CountsEveryStepHeard(double rate)
    {
        // 30 steps of 0.55 s; the 15th makes no lobe (1.1 s between two): the rhythm breaks,
        // the next steps are held until the stride is steady again, and then they count.
        List<double> lobes = Times([.. Enumerable.Repeat(0.55, 29)]);
        lobes.RemoveAt(14);

        var (_, events) = Walk(rate, lobes);

        Assert.Equal(29, events.Count);
    }
}
