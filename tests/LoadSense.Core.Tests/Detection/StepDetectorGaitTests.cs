using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;

namespace LoadSense.Core.Tests.Detection;

public class StepDetectorGaitTests
{
    // Feeds half-sine lobes (0.15 s wide, 0.3 g) of the band-passed magnitude at the given times.
    private static StepDetector Feed(double rateHz, IReadOnlyList<double> lobeTimes) => Walk(rateHz, lobeTimes).Steps;

    // The same in chunks of 0.25 s (as the analyzer feeds it), until `end`, then the end of the
    // stream: the steps counted, and each announcement with the time of the chunk that made it.
    private static (StepDetector Steps, List<LoadEvent> Events, List<(ProvisionalEvent Event, double At)> Provisional) Walk(
        double rateHz, IReadOnlyList<double> lobeTimes, double? end = null)
    {
        var options = new AnalyzerOptions();
        var announced = new List<ProvisionalEvent>();
        var steps = new StepDetector(options, announced);
        var jumps = new JumpDetector(options, Placement.Hip, announced);
        var scorer = new EventScorer(new ScoringOptions());
        var events = new List<LoadEvent>();
        var provisional = new List<(ProvisionalEvent, double)>();
        int n = (int)((end ?? (lobeTimes[^1] + 1.0)) * rateHz);
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

        int chunk = Math.Max(1, (int)(0.25 * rateHz));
        for (int c = 0; c < n; c += chunk)
        {
            int count = Math.Min(chunk, n - c);
            steps.Process(time.AsSpan(c, count), band.AsSpan(c, count), impact.AsSpan(c, count), jumps, scorer, events);
            provisional.AddRange(announced.Select(p => (p, time[c + count - 1])));
            announced.Clear();
        }

        steps.Flush(jumps, scorer, events);
        provisional.AddRange(announced.Select(p => (p, double.PositiveInfinity)));
        return (steps, events, provisional);
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
        var (_, events, provisional) = Walk(rate, Times(0.3, 1.1, 0.4, 0.3, 1.2, 0.5, 0.3, 1.0));

        Assert.Empty(events);
        Assert.NotEmpty(provisional);
        Assert.Equal(
            provisional.Where(p => p.Event.State == ProvisionalState.Announced).Select(p => p.Event.Time),
            provisional.Where(p => p.Event.State == ProvisionalState.Withdrawn).Select(p => p.Event.Time));
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

        var (_, events, provisional) = Walk(rate, lobes);

        Assert.Equal(20, events.Count);
        Assert.True(events[0].Time >= lobes[3] - 0.05, $"first step at {events[0].Time:0.00} s, the walk began at {lobes[3]:0.00} s");
        // Announced as they came, then each confirmed (an event) or withdrawn (the handling).
        var announced = Times(provisional, ProvisionalState.Announced);
        var confirmed = Times(provisional, ProvisionalState.Confirmed);
        var withdrawn = Times(provisional, ProvisionalState.Withdrawn);
        Assert.Equal(announced.Order(), confirmed.Concat(withdrawn).Order());
        Assert.Equal(confirmed, events.Select(e => e.Time).Take(confirmed.Count));
        Assert.All(withdrawn, time => Assert.True(time < lobes[3] - 0.05, $"a step of the walk at {time:0.00} s was withdrawn"));
    }

    [Theory]
    [InlineData(12.5)]
    [InlineData(50)]
    public void Process_WalkWithABreakInRhythm_HoldsTheStepsAfterItAndThenCountsThem(double rate)
    {
        // 15 steps of 0.5 s, a pause of 1.2 s (more than twice a step, less than the 1.3 s
        // that ends a bout), 15 more: the steps after the pause are held and announced until
        // the stride is steady again, then confirmed; none is lost.
        List<double> lobes = Times([.. Enumerable.Repeat(0.5, 14), 1.2, .. Enumerable.Repeat(0.5, 14)]);

        var (_, events, provisional) = Walk(rate, lobes);

        Assert.Equal(30, events.Count);
        double pause = lobes[15];
        Assert.Contains(Times(provisional, ProvisionalState.Announced), time => time >= pause - 0.05);
        Assert.Equal(Times(provisional, ProvisionalState.Announced), Times(provisional, ProvisionalState.Confirmed));
    }

    [Theory]
    [InlineData(12.5)]
    [InlineData(50)]
    public void Process_BoutIrregularForTenSeconds_WithdrawsWhatItHeldWhileTheStreamGoesOn(double rate)
    {
        // 18 s of irregular lobes (no four strides in a row within ±30%), then 10 s without
        // any: each held lobe is withdrawn 10 s after it (so that it cannot reach a minute the
        // analyzer has closed), not at the stream's end.
        List<double> lobes = Times(0.45, 0.87, 1.19, 0.58, 0.34, 0.46, 0.62, 1.11, 1.02, 0.71, 0.39, 0.4, 0.44, 1.0, 0.72, 1.19, 1.12, 1.02, 0.73, 1.04, 0.42, 0.4, 0.81, 0.76);

        var (_, events, provisional) = Walk(rate, lobes, end: lobes[^1] + 10.5);

        Assert.Empty(events);
        var withdrawn = provisional.Where(p => p.Event.State == ProvisionalState.Withdrawn).ToList();
        Assert.Equal(Times(provisional, ProvisionalState.Announced), withdrawn.Select(p => p.Event.Time));
        Assert.All(withdrawn, p => Assert.InRange(p.At - p.Event.Time, 10.0, 10.5));
    }

    private static List<double> Times(List<(ProvisionalEvent Event, double At)> provisional, ProvisionalState state) =>
        [.. provisional.Where(p => p.Event.State == state).Select(p => p.Event.Time)];
}
