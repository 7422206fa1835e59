using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;
using LoadSense.Core.Simulation;

namespace LoadSense.Core.Tests.Detection;

public class StreamAnalyzerTests
{
    private const double Start = 1_789_999_980; // 2026-09-21, a fixed instant on a minute boundary

    internal static (List<LoadEvent> Events, List<MinuteAggregate> Minutes, WearableSimulator Simulator) Run(
        Placement placement, double rateHz, params ActivitySegment[] plan) => Run(placement, rateHz, 32, plan);

    internal static (List<LoadEvent> Events, List<MinuteAggregate> Minutes, WearableSimulator Simulator) Run(
        Placement placement, double rateHz, int blockSize, params ActivitySegment[] plan)
    {
        var simulator = new WearableSimulator("sim", placement, rateHz, seed: 7, blockSize);
        var analyzer = new StreamAnalyzer(placement, new AnalyzerOptions(), new ScoringOptions());
        var output = new AnalysisOutput();
        var events = new List<LoadEvent>();
        var minutes = new List<MinuteAggregate>();
        foreach (SampleBlock block in simulator.Generate(plan))
        {
            analyzer.Process(block, output);
            events.AddRange(output.Events);
            minutes.AddRange(output.Minutes);
            output.Clear();
        }

        analyzer.Flush(output);
        events.AddRange(output.Events);
        minutes.AddRange(output.Minutes);
        return (events, minutes, simulator);
    }

    private static int Count(IEnumerable<LoadEvent> events, LoadEventKind kind) => events.Count(e => e.Kind == kind);

    private static int Truth(WearableSimulator s, LoadEventKind kind) => s.Truth.Count(e => e.Kind == kind);

    [Theory]
    [InlineData(Placement.Hip, 12.5)]
    [InlineData(Placement.Hip, 50)]
    [InlineData(Placement.Hip, 100)]
    [InlineData(Placement.Hip, 400)]
    [InlineData(Placement.Wrist, 50)]
    [InlineData(Placement.Wrist, 100)]
    public void Process_Walking_CountsStepsWithinTwoPercent(Placement placement, double rate)
    {
        var (events, _, sim) = Run(placement, rate,
            new ActivitySegment(Start, SimulatedActivity.Rest, 20),
            new ActivitySegment(Start + 20, SimulatedActivity.Walk, 120),
            new ActivitySegment(Start + 140, SimulatedActivity.Rest, 20));
        int truth = Truth(sim, LoadEventKind.Step);
        Assert.InRange(Count(events, LoadEventKind.Step), truth * 0.98, truth * 1.02);
        Assert.Equal(0, Count(events, LoadEventKind.Jump));
        Assert.Equal(0, Count(events, LoadEventKind.Lift));
    }

    [Theory]
    [InlineData(Placement.Hip, 50)]
    [InlineData(Placement.Hip, 100)]
    [InlineData(Placement.Wrist, 100)]
    public void Process_Running_CountsStepsAndNoJumps(Placement placement, double rate)
    {
        var (events, _, sim) = Run(placement, rate,
            new ActivitySegment(Start, SimulatedActivity.Rest, 10),
            new ActivitySegment(Start + 10, SimulatedActivity.Run, 60),
            new ActivitySegment(Start + 70, SimulatedActivity.Rest, 10));
        int truth = Truth(sim, LoadEventKind.Step);
        Assert.InRange(Count(events, LoadEventKind.Step), truth * 0.98, truth * 1.02);
        Assert.Equal(0, Count(events, LoadEventKind.Jump));
    }

    [Theory]
    [InlineData(Placement.Hip, 50)]
    [InlineData(Placement.Hip, 100)]
    [InlineData(Placement.Hip, 400)]
    [InlineData(Placement.Wrist, 100)]
    public void Process_CountermovementJumps_CountsEachJumpWithHeightFromFlightTime(Placement placement, double rate)
    {
        var (events, _, sim) = Run(placement, rate,
            new ActivitySegment(Start, SimulatedActivity.Rest, 10),
            new ActivitySegment(Start + 10, SimulatedActivity.Jumps, 60, Count: 10),
            new ActivitySegment(Start + 70, SimulatedActivity.Rest, 10));
        var jumps = events.Where(e => e.Kind == LoadEventKind.Jump).ToList();
        Assert.Equal(Truth(sim, LoadEventKind.Jump), jumps.Count);
        Assert.Equal(0, Count(events, LoadEventKind.Step));
        for (int i = 0; i < jumps.Count; i++)
        {
            Assert.InRange(jumps[i].JumpHeightCm, sim.JumpHeightsCm[i] * 0.85, sim.JumpHeightsCm[i] * 1.15);
            Assert.True(jumps[i].PeakG >= 2.0, $"landing peak {jumps[i].PeakG} g");
        }
    }

    [Fact]
    public void Process_RopeSkipping_CountsEverySkip()
    {
        var (events, _, sim) = Run(Placement.Hip, 100,
            new ActivitySegment(Start, SimulatedActivity.Rest, 10),
            new ActivitySegment(Start + 10, SimulatedActivity.RopeSkipping, 31, Count: 60),
            new ActivitySegment(Start + 41, SimulatedActivity.Rest, 10));
        int truth = Truth(sim, LoadEventKind.Jump);
        Assert.InRange(Count(events, LoadEventKind.Jump), truth - 1, truth);
        Assert.True(Count(events, LoadEventKind.Step) == 0, string.Join(", ", events.Select(e => $"{e.Kind}@{e.Time - Start:0.00}")));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1024)]
    public void Process_OneMinuteOfRopeSkipping_CountsEachSkipOnceWhateverTheBlockSize(int blockSize)
    {
        // Hard contacts wait while a flight is under way; they must still be owned by the skips.
        var (events, _, sim) = Run(Placement.Hip, 50, blockSize,
            new ActivitySegment(Start, SimulatedActivity.Rest, 10),
            new ActivitySegment(Start + 10, SimulatedActivity.RopeSkipping, 62, Count: 120),
            new ActivitySegment(Start + 72, SimulatedActivity.Rest, 10));
        int truth = Truth(sim, LoadEventKind.Jump);
        Assert.InRange(Count(events, LoadEventKind.Jump), truth - 1, truth);
        Assert.Equal(0, Count(events, LoadEventKind.Step));
    }

    [Theory]
    [InlineData(Placement.Hip, 50)]
    [InlineData(Placement.Wrist, 50)]
    [InlineData(Placement.Wrist, 12.5)]
    [InlineData(Placement.Wrist, 400)]
    [InlineData(Placement.Hip, 12.5)]
    public void Process_ThreeSets_CountsRepsAndSets(Placement placement, double rate)
    {
        var (events, _, sim) = Run(placement, rate,
            new ActivitySegment(Start, SimulatedActivity.Rest, 30),
            new ActivitySegment(Start + 30, SimulatedActivity.LiftSet, 40, Count: 8),
            new ActivitySegment(Start + 70, SimulatedActivity.Rest, 60),
            new ActivitySegment(Start + 130, SimulatedActivity.LiftSet, 40, Count: 8),
            new ActivitySegment(Start + 170, SimulatedActivity.Rest, 60),
            new ActivitySegment(Start + 230, SimulatedActivity.LiftSet, 40, Count: 8),
            new ActivitySegment(Start + 270, SimulatedActivity.Rest, 30));
        var lifts = events.Where(e => e.Kind == LoadEventKind.Lift).ToList();
        int truth = Truth(sim, LoadEventKind.Lift);
        Assert.InRange(lifts.Count, truth - 3, truth);
        Assert.Equal(3, lifts.Select(e => e.Set).Distinct().Count());
        Assert.Equal(0, Count(events, LoadEventKind.Jump));
        Assert.Equal(0, Count(events, LoadEventKind.Step));
    }

    [Theory]
    [InlineData(Placement.Wrist, 1)]
    [InlineData(Placement.Wrist, 2)]
    [InlineData(Placement.Hip, 2)]
    public void Process_OneOrTwoOutAndBackMovements_AreNotASet(Placement placement, int movements)
    {
        // Reaching for the phone, putting a bag down: no quasi-periodic chain of three cycles, no repetitions.
        var (events, _, _) = Run(placement, 50,
            new ActivitySegment(Start, SimulatedActivity.Rest, 30),
            new ActivitySegment(Start + 30, SimulatedActivity.LiftSet, 10, Count: movements),
            new ActivitySegment(Start + 40, SimulatedActivity.Rest, 30));
        Assert.Equal(0, Count(events, LoadEventKind.Lift));
    }

    [Fact]
    public void Process_LiftSet_RepsAreNumberedInOrderWithinTheSet()
    {
        var (events, _, sim) = Run(Placement.Wrist, 50,
            new ActivitySegment(Start, SimulatedActivity.Rest, 30),
            new ActivitySegment(Start + 30, SimulatedActivity.LiftSet, 40, Count: 10),
            new ActivitySegment(Start + 70, SimulatedActivity.Rest, 30));
        var lifts = events.Where(e => e.Kind == LoadEventKind.Lift).ToList();
        Assert.InRange(lifts.Count, Truth(sim, LoadEventKind.Lift) - 1, Truth(sim, LoadEventKind.Lift));
        Assert.Equal(Enumerable.Range(1, lifts.Count), lifts.Select(e => e.Rep));
        Assert.True(lifts.Zip(lifts.Skip(1)).All(p => p.Second.Time > p.First.Time));
    }

    [Fact]
    public void Process_Rest_FindsNothing()
    {
        var (events, minutes, _) = Run(Placement.Wrist, 50, new ActivitySegment(Start, SimulatedActivity.Rest, 600));
        Assert.Empty(events);
        Assert.Equal(10, minutes.Count);
    }

    [Fact]
    public void Process_ClockGoesBack_RestartsAndCountsBothStretchesWithoutDuplicateOpenMinutes()
    {
        var analyzer = new StreamAnalyzer(Placement.Hip, new AnalyzerOptions(), new ScoringOptions());
        var output = new AnalysisOutput();
        var events = new List<LoadEvent>();
        var minutes = new List<MinuteAggregate>();
        int truth = 0;
        foreach (int seed in new[] { 1, 2 })
        {
            // Both stretches start at the same instant: the second comes after a device clock reset.
            var simulator = new WearableSimulator("sim", Placement.Hip, 50, seed, blockSize: 32);
            foreach (SampleBlock block in simulator.Generate([new ActivitySegment(Start, SimulatedActivity.Walk, 90)]))
            {
                analyzer.Process(block, output);
                events.AddRange(output.Events);
                minutes.AddRange(output.Minutes);
                output.Clear();
            }

            truth += simulator.Truth.Count;
        }

        analyzer.Flush(output);
        events.AddRange(output.Events);
        minutes.AddRange(output.Minutes);
        Assert.Equal(1, analyzer.Gaps);
        Assert.InRange(events.Count, truth * 0.97, truth * 1.02);
        Assert.Equal(4, minutes.Count);
        Assert.Equal(events.Count, minutes.Sum(m => m.Steps));
    }
}
