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
    public void Analyze_BlocksOneAtATime_EmitsEveryEventWithinOneSecondOfWhenItHappened()
    {
        // Small blocks (0.2 s at 50 Hz), as a BLE sensor sends them. An event's latency is the
        // device time of the last sample seen when it left minus the time the simulator says it
        // happened (a step's heel strike, a jump's landing, a repetition's completion).
        var simulator = new WearableSimulator("hip", Placement.Hip, 50, seed: 3, blockSize: 10);
        var blocks = new Subject<SampleBlock>();
        var events = new List<(LoadEvent Event, double EmittedAt)>();
        var provisional = new List<(ProvisionalEvent Rep, double EmittedAt)>();
        double lastSampleTime = 0;
        using IDisposable subscription = blocks
            .Analyze(Placement.Hip, new AnalyzerOptions(), new ScoringOptions(), TimeSpan.FromMinutes(2), new HistoricalScheduler())
            .Subscribe(batch =>
            {
                events.AddRange(batch.Events.Select(e => (e, lastSampleTime)));
                provisional.AddRange(batch.ProvisionalEvents.Select(r => (r, lastSampleTime)));
            });

        foreach (SampleBlock block in simulator.Generate(MixedSession()))
        {
            lastSampleTime = block.Time[^1];
            blocks.OnNext(block);
        }

        blocks.OnCompleted();
        foreach (LoadEventKind kind in new[] { LoadEventKind.Step, LoadEventKind.Jump, LoadEventKind.Lift })
        {
            var truth = simulator.Truth.Where(e => e.Kind == kind).Select(e => e.Time).ToList();
            var detected = events.Where(e => e.Event.Kind == kind).ToList();

            // A repetition is timed when the limb is most of the way back (the trigger's lower
            // threshold), a little before it comes to rest.
            double tolerance = kind == LoadEventKind.Lift ? 1.0 : 0.3;
            Assert.InRange(detected.Count, truth.Count - 2, truth.Count + 2);
            foreach ((LoadEvent e, double emittedAt) in detected)
            {
                // A repetition of a set not yet confirmed (its first two), or a step of a bout
                // not yet steady, is announced first.
                double announcedAt = provisional.Where(p => p.Rep.Time == e.Time && p.Rep.Kind == kind && p.Rep.State == ProvisionalState.Announced).Select(p => p.EmittedAt).DefaultIfEmpty(emittedAt).Min();
                double happened = truth.MinBy(t => Math.Abs(t - e.Time));
                double firstHeard = Math.Min(emittedAt, announcedAt);
                double latency = firstHeard - happened;
                Assert.True(firstHeard >= e.Time, $"{kind} at {e.Time - Start:0.00} s was heard of before its own time");
                Assert.True(Math.Abs(e.Time - happened) <= tolerance, $"{kind} at {e.Time - Start:0.00} s has no true event within {tolerance} s");
                Assert.True(latency <= 1.0, $"{kind} at {e.Time - Start:0.00} s (rep {e.Rep}) left {latency:0.000} s after it happened");
            }
        }

        // The set's first repetitions were announced before it was confirmed, as were the first
        // steps of each walk before its stride was steady, and every announcement was settled:
        // confirmed for those that became events.
        var lifts = events.Where(e => e.Event.Kind == LoadEventKind.Lift).Select(e => e.Event).ToList();
        var announced = provisional.Where(p => p.Rep.State == ProvisionalState.Announced).Select(p => p.Rep).ToList();
        Assert.All(lifts.Where(e => e.Rep <= 2), e => Assert.Contains(announced, p => p.Time == e.Time && p.Kind == LoadEventKind.Lift));
        Assert.Contains(announced, p => p.Kind == LoadEventKind.Step);
        Assert.All(announced, a => Assert.Single(provisional, p => p.Rep.Time == a.Time && p.Rep.Kind == a.Kind && p.Rep.State != ProvisionalState.Announced));
        Assert.All(provisional.Where(p => p.Rep.State == ProvisionalState.Confirmed), p => Assert.Contains(events, e => e.Event.Time == p.Rep.Time && e.Event.Kind == p.Rep.Kind));
    }

    [Fact]
    public void Analyze_TwoOutAndBackMovementsThenAWalk_WithdrawsEveryRepetitionItAnnounced()
    {
        // Two out-and-back movements are not a set (it takes three), and arm swing is periodic
        // too: whatever was announced is withdrawn and no lift event is left.
        var simulator = new WearableSimulator("wrist", Placement.Wrist, 50, seed: 5, blockSize: 10);
        var blocks = new Subject<SampleBlock>();
        var events = new List<LoadEvent>();
        var provisional = new List<ProvisionalEvent>();
        using IDisposable subscription = blocks
            .Analyze(Placement.Wrist, new AnalyzerOptions(), new ScoringOptions(), TimeSpan.FromMinutes(2), new HistoricalScheduler())
            .Subscribe(batch =>
            {
                events.AddRange(batch.Events);
                provisional.AddRange(batch.ProvisionalEvents);
            });

        foreach (SampleBlock block in simulator.Generate([new(Start, SimulatedActivity.Rest, 10), new(Start + 10, SimulatedActivity.LiftSet, 8, Count: 2), new(Start + 18, SimulatedActivity.Rest, 20), new(Start + 38, SimulatedActivity.Walk, 120), new(Start + 158, SimulatedActivity.Rest, 10)]))
        {
            blocks.OnNext(block);
        }

        blocks.OnCompleted();
        Assert.Contains(events, e => e.Kind == LoadEventKind.Step);
        Assert.DoesNotContain(events, e => e.Kind == LoadEventKind.Lift);
        var lifts = provisional.Where(p => p.Kind == LoadEventKind.Lift).ToList();
        Assert.Contains(lifts, p => p.State == ProvisionalState.Announced);
        Assert.DoesNotContain(lifts, p => p.State == ProvisionalState.Confirmed);
        Assert.Equal(
            lifts.Where(p => p.State == ProvisionalState.Announced).Select(p => p.Time).Order(),
            lifts.Where(p => p.State == ProvisionalState.Withdrawn).Select(p => p.Time).Order());
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
