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
    private const double RateHz = 100;

    // A sample function: seconds since the start → (x, y, z) in g, gravity included.
    private delegate (float X, float Y, float Z) Signal(double t);

    private static List<LoadEvent> Run(Placement placement, double durationS, Signal signal)
    {
        var analyzer = new StreamAnalyzer(placement, new AnalyzerOptions(), new ScoringOptions());
        var output = new AnalysisOutput();
        var events = new List<LoadEvent>();
        var block = new SampleBlock("synthetic", 25) { SampleRateHz = RateHz };
        int samples = (int)(durationS * RateHz);
        for (int i = 0; i < samples; i++)
        {
            double t = i / RateHz;
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
