using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;
using LoadSense.Core.Simulation;

namespace LoadSense.Core.Tests.Detection;

/// <summary>
/// Repetition counting at the wrist on synthetic movements of a chosen tempo (the simulator's
/// sets all run at 2.4-3 s a repetition): curls that turn the forearm against gravity, presses
/// whose slow signal pulses twice each way, and a walk from the stream's first sample.
/// </summary>
public class LiftDetectorTests
{
    private const double Start = 1_789_999_980;

    // Wrist curls: the forearm turns through arcDegrees and back once a repetition, after restS
    // of rest; the sensor reads gravity in the forearm's frame plus 0.02 g of noise.
    private static List<LoadEvent> Curls(double rateHz, double periodS, int reps, double arcDegrees = 100, double restS = 10) =>
        Run(rateHz, periodS, reps, restS, (inSet, period) => Turn(arcDegrees, inSet / period));

    // The forearm turned through arcDegrees and back, at this share of the way (0 to 1).
    private static (double X, double Y, double Z) Turn(double arcDegrees, double share)
    {
        double angle = arcDegrees * Math.PI / 180 * (1 - Math.Cos(2 * Math.PI * share)) / 2;
        return (Math.Sin(angle), 0, Math.Cos(angle) - 1);
    }

    // A press at the wrist: the forearm stays upright and the slow signal is the bar's linear
    // acceleration, which pulses twice each way (accelerate, brake) with a pause at either end,
    // so its second harmonic outweighs the fundamental.
    private static List<LoadEvent> Presses(double rateHz, double periodS, int reps) =>
        Run(rateHz, periodS, reps, 10, (inSet, period) =>
        {
            double phase = 2 * Math.PI * inSet / period;
            return (0.03 * Math.Sin(phase), 0, (0.08 * Math.Sin(phase)) + (0.15 * Math.Sin(2 * phase)));
        });

    // Rest, reps repetitions of the movement (a deviation from gravity along z, in g), rest.
    private static List<LoadEvent> Run(double rateHz, double periodS, int reps, double restS, Func<double, double, (double X, double Y, double Z)> movement) =>
        RunAll(rateHz, periodS, reps, restS, movement).Where(e => e.Kind == LoadEventKind.Lift).ToList();

    // The same, every event.
    private static List<LoadEvent> RunAll(double rateHz, double periodS, int reps, double restS, Func<double, double, (double X, double Y, double Z)> movement)
    {
        var analyzer = new StreamAnalyzer(Placement.Wrist, new AnalyzerOptions(), new ScoringOptions());
        var output = new AnalysisOutput();
        var events = new List<LoadEvent>();
        var random = new Random(11);
        var block = new SampleBlock("curls", 64) { SampleRateHz = rateHz };
        double duration = (2 * restS) + (reps * periodS);
        for (long i = 0; i * (1 / rateHz) < duration; i++)
        {
            double t = i / rateHz;
            double inSet = t - restS;
            (double x, double y, double z) = inSet >= 0 && inSet < reps * periodS ? movement(inSet, periodS) : (0, 0, 0);
            float Noise() => (float)(0.02 * ((random.NextDouble() * 2) - 1));
            block.Add(Start + t, (float)x + Noise(), (float)y + Noise(), (float)(1 + z) + Noise());
            if (block.IsFull)
            {
                analyzer.Process(block, output);
                events.AddRange(output.Events);
                output.Clear();
                block.Clear();
            }
        }

        analyzer.Process(block, output);
        analyzer.Flush(output);
        events.AddRange(output.Events);
        return events;
    }

    [Theory]
    [InlineData(50, 0.9)]
    [InlineData(12.5, 0.9)]
    [InlineData(50, 1.2)]
    [InlineData(50, 2.5)]
    [InlineData(50, 5.0)]
    [InlineData(12.5, 2.5)]
    public void Process_WristCurls_CountsEachRepetitionWithinOne(double rate, double periodS)
    {
        // Repetitions last 1-6 s (RecoFit, Morris 2014); light curls go faster than 1 s.
        List<LoadEvent> lifts = Curls(rate, periodS, reps: 15);
        Assert.InRange(lifts.Count, 14, 16);
        Assert.Single(lifts.Select(e => e.Set).Distinct());
    }

    [Theory]
    [InlineData(50, 2.5)]
    [InlineData(12.5, 2.5)]
    [InlineData(50, 4.0)]
    public void Process_PressWithTwoPulsesEachWay_CountsEachRepetitionOnce(double rate, double periodS)
    {
        List<LoadEvent> lifts = Presses(rate, periodS, reps: 12);
        Assert.InRange(lifts.Count, 11, 13);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(12.5)]
    public void Process_HandlingBeforeTheSet_CountsTheSetWithinOne(double rate)
    {
        // Picking up the dumbbell (two quick out-and-back turns of 0.8 s), then 10 curls of
        // 2.5 s. Counted with the set, the handling's cycles would make 12.
        const double HandlingS = 0.8;
        List<LoadEvent> lifts = Run(rate, periodS: 2.5, reps: 11, restS: 10, (inSet, period) =>
            inSet < 2 * HandlingS ? Turn(60, inSet / HandlingS) : inSet < period ? (0, 0, 0) : Turn(100, (inSet - period) / period));
        Assert.InRange(lifts.Count, 10, 11);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(12.5)]
    public void Process_DumbbellKnockedMidSet_IsNoJumpAndTheRepetitionsCount(double rate)
    {
        // 12 curls of 2.5 s; in the seventh the dumbbell is knocked: 0.2 s of 3 g along the
        // forearm, no free fall before it. A hard contact at the wrist, but inside a set.
        List<LoadEvent> events = RunAll(rate, 2.5, reps: 12, restS: 10, (inSet, period) =>
        {
            (double x, double y, double z) = Turn(100, inSet / period);
            return inSet is >= 16.0 and < 16.2 ? (x, y, z + 3.0) : (x, y, z);
        });

        Assert.DoesNotContain(events, e => e.Kind == LoadEventKind.Jump);
        Assert.InRange(events.Count(e => e.Kind == LoadEventKind.Lift), 11, 13);
    }

    [Theory]
    [InlineData(12.5)]
    [InlineData(50)]
    public void Process_WalkFromTheFirstSample_CountsNoRepetition(double rate)
    {
        // The arm swings once a stride from the stream's first sample, before the step detector
        // or the autocorrelation can tell a walk from a set.
        var (events, _, _) = StreamAnalyzerTests.Run(Placement.Wrist, rate,
            new ActivitySegment(Start, SimulatedActivity.Walk, 120));
        Assert.DoesNotContain(events, e => e.Kind == LoadEventKind.Lift);
    }
}
