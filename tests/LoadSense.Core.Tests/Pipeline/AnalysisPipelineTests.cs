using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using LoadSense.Core.Detection;
using LoadSense.Core.Pipeline;
using LoadSense.Core.Scoring;
using LoadSense.Core.Simulation;

namespace LoadSense.Core.Tests.Pipeline;

public class AnalysisPipelineTests
{
    private const double Start = 1_789_999_980;

    private static IReadOnlyList<ActivitySegment> MixedSession() =>
    [
        new(Start, SimulatedActivity.Rest, 20),
        new(Start + 20, SimulatedActivity.Walk, 60),
        new(Start + 80, SimulatedActivity.Rest, 20),
        new(Start + 100, SimulatedActivity.Jumps, 40, Count: 8),
        new(Start + 140, SimulatedActivity.Rest, 30),
        new(Start + 170, SimulatedActivity.LiftSet, 40, Count: 8),
        new(Start + 210, SimulatedActivity.Rest, 20),
    ];

    [Fact]
    public void Analyze_BlocksOneAtATime_EmitsStepsJumpsAndConfirmedRepsWithinOneSecond()
    {
        // Small blocks (0.2 s at 50 Hz), as a BLE sensor sends them; each event's latency is
        // the device time of the last sample seen when it was emitted minus the event's time.
        var simulator = new WearableSimulator("hip", Placement.Hip, 50, seed: 3, blockSize: 10);
        var blocks = new Subject<SampleBlock>();
        var latencies = new List<(LoadEventKind Kind, double Latency, int Rep)>();
        double lastSampleTime = 0;
        using IDisposable subscription = blocks
            .Analyze(Placement.Hip, new AnalyzerOptions(), new ScoringOptions(), TimeSpan.FromMinutes(2), new HistoricalScheduler())
            .Subscribe(batch => latencies.AddRange(batch.Events.Select(e => (e.Kind, lastSampleTime - e.Time, e.Rep))));

        foreach (SampleBlock block in simulator.Generate(MixedSession()))
        {
            lastSampleTime = block.Time[^1];
            blocks.OnNext(block);
        }

        Assert.Contains(latencies, l => l.Kind == LoadEventKind.Step);
        Assert.Contains(latencies, l => l.Kind == LoadEventKind.Jump);
        Assert.Contains(latencies, l => l.Kind == LoadEventKind.Lift);
        Assert.All(latencies.Where(l => l.Kind != LoadEventKind.Lift), l => Assert.True(l.Latency is >= 0 and <= 1.0, $"{l.Kind} emitted {l.Latency:0.000} s after it happened"));

        // From the third repetition on (the set is confirmed) each leaves within 1 s of its
        // completion; a set's first two wait for the third, which shows the set is
        // quasi-periodic (one out-and-back movement is not a set): two repetitions of at most 3.6 s.
        Assert.All(latencies.Where(l => l.Kind == LoadEventKind.Lift), l => Assert.True(
            l.Latency is >= 0 && l.Latency <= (l.Rep >= 3 ? 1.0 : 8.0),
            $"repetition {l.Rep} emitted {l.Latency:0.000} s after it happened"));
    }

    [Fact]
    public void Analyze_SourceFallsSilent_ClosesOpenMinutesAfterIdleTimeInVirtualTime()
    {
        var scheduler = new HistoricalScheduler();
        var simulator = new WearableSimulator("hip", Placement.Hip, 50, seed: 3, blockSize: 50);
        var blocks = new Subject<SampleBlock>();
        var minutes = new List<MinuteAggregate>();
        using IDisposable subscription = blocks
            .Analyze(Placement.Hip, new AnalyzerOptions(), new ScoringOptions(), TimeSpan.FromSeconds(90), scheduler)
            .Subscribe(batch => minutes.AddRange(batch.Minutes));

        foreach (SampleBlock block in simulator.Generate([new ActivitySegment(Start, SimulatedActivity.Walk, 30)]))
        {
            blocks.OnNext(block);
        }

        Assert.Empty(minutes);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(60));
        Assert.Empty(minutes);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(60));
        MinuteAggregate minute = Assert.Single(minutes);
        Assert.InRange(minute.Steps, 40, 65);
    }

    [Fact]
    public void Analyze_SourceFails_PassesOnTheResultsBeforeTheError()
    {
        var simulator = new WearableSimulator("hip", Placement.Hip, 50, seed: 3, blockSize: 50);
        IObservable<SampleBlock> failing = simulator.Generate([new ActivitySegment(Start, SimulatedActivity.Walk, 30)])
            .ToObservable()
            .Concat(Observable.Throw<SampleBlock>(new InvalidDataException("bad line")));
        var events = new List<LoadEvent>();
        var minutes = new List<MinuteAggregate>();
        Exception? error = null;
        failing.Analyze(Placement.Hip, new AnalyzerOptions(), new ScoringOptions(), TimeSpan.FromMinutes(2), new HistoricalScheduler())
            .Subscribe(b => { events.AddRange(b.Events); minutes.AddRange(b.Minutes); }, e => error = e);

        Assert.IsType<InvalidDataException>(error);
        Assert.InRange(events.Count, 45, 65);
        Assert.Single(minutes);
    }

    [Fact]
    public void Analyze_NullSource_ThrowsEagerly() =>
        Assert.Throws<ArgumentNullException>(() => AnalysisPipeline.Analyze(null!, Placement.Hip, new AnalyzerOptions(), new ScoringOptions(), TimeSpan.FromMinutes(2), Scheduler.Immediate));

    [Fact]
    public void Analyze_IdleShorterThanAMinute_ThrowsEagerly() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Observable.Empty<SampleBlock>().Analyze(Placement.Hip, new AnalyzerOptions(), new ScoringOptions(), TimeSpan.FromSeconds(10), Scheduler.Immediate));
}
