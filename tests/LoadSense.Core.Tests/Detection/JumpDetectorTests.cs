using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;

namespace LoadSense.Core.Tests.Detection;

/// <summary>
/// Jumps at the wrist on synthetic signals: the hard-contact path averages the acceleration
/// vector there, so the ground's one-directional push counts and the arm's back-and-forth
/// motion does not.
/// </summary>
public class JumpDetectorTests
{
    private const double Start = 1_789_999_980;
    // A sample function: seconds since the start → (x, y, z) in g, gravity included.
    private delegate (float X, float Y, float Z) Signal(double t);

    private static List<LoadEvent> Run(Placement placement, double durationS, Signal signal, double rateHz = 100)
    {
        var analyzer = new StreamAnalyzer(placement, new AnalyzerOptions(), new ScoringOptions());
        var output = new AnalysisOutput();
        var events = new List<LoadEvent>();
        var block = new SampleBlock("synthetic", 25) { SampleRateHz = rateHz };
        int samples = (int)(durationS * rateHz);
        for (int i = 0; i < samples; i++)
        {
            double t = i / rateHz;
            (float x, float y, float z) = signal(t);
            block.Add(Start + t, x, y, z);
            if (block.IsFull || i == samples - 1)
            {
                analyzer.Process(block, output);
                events.AddRange(output.Events);
                output.Clear();
                block.Clear();
            }
        }

        analyzer.Flush(output);
        events.AddRange(output.Events);
        return events;
    }

    // A hop seen from the wrist: 3 s standing, a 0.3 s flight in which the swinging arm keeps
    // |a| near 0.9 g (so no free fall is seen), a 0.25 s ground contact pushing 2.6 g along the
    // vertical with the arm rattling ±1.5 g across it at 8 Hz, then standing. The mean
    // magnitude over 150 ms stays under 3 g; the mean vector is 2.6 g.
    private static (float, float, float) WristHop(double t) => t switch
    {
        < 3.0 => (0f, 0f, 1f),
        < 3.3 => (0.9f, 0f, 0f),
        < 3.55 => ((float)(1.5 * Math.Sin(2 * Math.PI * 8 * (t - 3.3))), 0f, 2.6f),
        _ => (0f, 0f, 1f),
    };

    [Fact]
    public void Process_WristHopWhoseArmSwingHidesTheFreeFall_IsOneJumpAtTheLanding()
    {
        List<LoadEvent> jumps = Run(Placement.Wrist, 6, WristHop).Where(e => e.Kind == LoadEventKind.Jump).ToList();

        LoadEvent jump = Assert.Single(jumps);
        Assert.InRange(jump.Time - Start, 3.25, 3.4);
    }

    [Fact]
    public void Process_LoneContactDecidedLate_IsAnnouncedWithinOneSecondOfTheLandingThenConfirmed()
    {
        // A hop whose flight the wrist does not see and whose landing is long (0.45 s): the
        // decision waits 0.6 s after the contact for a stride, more than 1 s after the landing;
        // the announcement does not.
        var analyzer = new StreamAnalyzer(Placement.Wrist, new AnalyzerOptions(), new ScoringOptions());
        var output = new AnalysisOutput();
        var heard = new List<(ProvisionalEvent Provisional, double At)>();
        var decided = new List<(LoadEvent Event, double At)>();
        var block = new SampleBlock("synthetic", 10) { SampleRateHz = 100 };
        for (int i = 0; i < 600; i++)
        {
            double t = i / 100.0;
            (float x, float y, float z) = t switch
            {
                < 3.0 => (0f, 0f, 1f),
                < 3.3 => (0.9f, 0f, 0f),
                < 3.75 => ((float)(1.5 * Math.Sin(2 * Math.PI * 8 * (t - 3.3))), 0f, 2.6f),
                _ => (0f, 0f, 1f),
            };
            block.Add(Start + t, x, y, z);
            if (block.IsFull)
            {
                analyzer.Process(block, output);
                heard.AddRange(output.ProvisionalEvents.Where(p => p.Kind == LoadEventKind.Jump).Select(p => (p, t)));
                decided.AddRange(output.Events.Where(e => e.Kind == LoadEventKind.Jump).Select(e => (e, t)));
                output.Clear();
                block.Clear();
            }
        }

        (LoadEvent jump, double decidedAt) = Assert.Single(decided);
        (ProvisionalEvent announced, double announcedAt) = Assert.Single(heard, h => h.Provisional.State == ProvisionalState.Announced);
        Assert.Equal(jump.Time, announced.Time);
        Assert.True(decidedAt - jump.Time + Start > 1.0, $"decided {decidedAt - jump.Time + Start:0.00} s after the landing: this contact needs no announcement");
        Assert.InRange(announcedAt - (jump.Time - Start), 0, 1.0);
        Assert.Contains(heard, h => h.Provisional.Time == jump.Time && h.Provisional.State == ProvisionalState.Confirmed);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(12.5)]
    public void Process_WristJumpWithHardPushOffAndLanding_IsOneJumpAtTheLanding(double rateHz)
    {
        // A countermovement jump seen from the wrist: the push-off (0.3 s, the arm swung up
        // with it) and the landing (0.25 s) both push 2.6 g along the vertical; the 0.35 s
        // flight between them hides its free fall under the arm's swing (0.9 g).
        List<LoadEvent> jumps = Run(Placement.Wrist, 6, t => t switch
        {
            < 3.0 => (0f, 0f, 1f),
            < 3.3 => (0.5f, 0f, 2.55f),
            < 3.65 => (0.9f, 0f, 0f),
            < 3.9 => ((float)(1.5 * Math.Sin(2 * Math.PI * 8 * (t - 3.65))), 0f, 2.6f),
            _ => (0f, 0f, 1f),
        }, rateHz).Where(e => e.Kind == LoadEventKind.Jump).ToList();

        LoadEvent jump = Assert.Single(jumps);
        Assert.InRange(jump.Time - Start, 3.55, 3.75);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ReleaseContacts_ContactsAFlightApart_CountOneJumpPerFlightAtItsLanding(int hops)
    {
        // The detector alone, with no steps heard (the step detector pairs a push-off's and a
        // landing's lobes only at some rates). Hops from the wrist with the free fall hidden:
        // a push-off, then per hop a 0.35 s flight (the arm's swing reads 0.9 g) and a 0.3 s
        // contact pushing 2.6 g; hops + 1 hard contacts are hops jumps, one at each landing,
        // each emitted within 1 s of it.
        var provisional = new List<ProvisionalEvent>();
        var jumps = new JumpDetector(new AnalyzerOptions(), Placement.Wrist, provisional);
        jumps.Configure(100);
        var steps = new StepDetector(new AnalyzerOptions(), provisional);
        var lifts = new LiftDetector(new AnalyzerOptions(), Placement.Wrist, provisional);
        var scorer = new EventScorer(new ScoringOptions());
        var events = new List<LoadEvent>();
        const double firstContact = 3.0, contactS = 0.3, flightS = 0.35;
        double[] time = new double[25];
        float[] magnitude = new float[25], x = new float[25], y = new float[25], z = new float[25];
        for (int block = 0; block < 40; block++)
        {
            for (int i = 0; i < 25; i++)
            {
                double t = ((block * 25) + i) / 100.0;
                double cycle = (t - firstContact) / (contactS + flightS);
                double within = (cycle - Math.Floor(cycle)) * (contactS + flightS);
                (x[i], y[i], z[i]) = cycle < 0 || cycle >= hops + (contactS / (contactS + flightS))
                    ? (0f, 0f, 1f)
                    : within < contactS ? (0f, 0f, 2.6f) : (0.9f, 0f, 0f);
                time[i] = Start + t;
                magnitude[i] = MathF.Sqrt((x[i] * x[i]) + (y[i] * y[i]) + (z[i] * z[i]));
            }

            int before = events.Count;
            jumps.Process(time, magnitude, x, y, z, scorer, events);
            jumps.ReleaseContacts(time[^1], steps, lifts, scorer, events);
            Assert.All(events.Skip(before), e => Assert.InRange(time[^1] - e.Time, 0, 1.0));
        }

        Assert.Equal(hops, events.Count);
        for (int k = 0; k < hops; k++)
        {
            Assert.InRange(events[k].Time - Start, firstContact + ((k + 1) * (contactS + flightS)) - 0.05, firstContact + ((k + 1) * (contactS + flightS)) + 0.05);
        }
    }

    [Fact]
    public void Process_WristShakenHard_IsNoJump()
    {
        // 0.6 s of the wrist shaken at 8 Hz, ±4 g across gravity: a mean magnitude near 2.7 g
        // over 150 ms, but the vector's mean stays near 1 g since the shake goes back and forth.
        List<LoadEvent> events = Run(Placement.Wrist, 6, t => t is >= 3.0 and < 3.6
            ? ((float)(4 * Math.Sin(2 * Math.PI * 8 * (t - 3.0))), 0f, 1f)
            : (0f, 0f, 1f));

        Assert.DoesNotContain(events, e => e.Kind == LoadEventKind.Jump);
    }

    [Theory]
    [InlineData(Placement.Wrist)]
    [InlineData(Placement.Hip)]
    public void Process_Squats_AreNoJumps(Placement placement)
    {
        // Five squats of 3 s: the sensor dips to 0.6 g as the body starts down and reaches
        // 1.5 g as it stops and drives up, while the forearm (or pelvis) tilts by 40°.
        List<LoadEvent> events = Run(placement, 18, t =>
        {
            double phase = t < 2 || t >= 17 ? 0 : ((t - 2) % 3) / 3;
            double vertical = 1 - (0.45 * Math.Sin(2 * Math.PI * phase)) + (0.1 * Math.Sin(4 * Math.PI * phase));
            double tilt = 0.7 * Math.Sin(Math.PI * phase);
            return ((float)(vertical * Math.Sin(tilt)), 0f, (float)(vertical * Math.Cos(tilt)));
        });

        Assert.DoesNotContain(events, e => e.Kind == LoadEventKind.Jump);
    }
}
