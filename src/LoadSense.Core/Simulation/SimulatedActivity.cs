namespace LoadSense.Core.Simulation;

/// <summary>What the simulated wearer does during a segment.</summary>
public enum SimulatedActivity
{
    /// <summary>Sitting or standing with small movements.</summary>
    Rest,

    /// <summary>Walking at 1.6-2.0 steps/s.</summary>
    Walk,

    /// <summary>Running at about 2.7 steps/s.</summary>
    Run,

    /// <summary>Countermovement jumps with pauses between them.</summary>
    Jumps,

    /// <summary>Rope skipping: a jump every 0.5 s.</summary>
    RopeSkipping,

    /// <summary>One set of resistance repetitions (squats at the hip, curls at the wrist).</summary>
    LiftSet,
}

/// <summary>One stretch of a simulated day.</summary>
/// <param name="Start">Start, seconds since the Unix epoch.</param>
/// <param name="Activity">What happens.</param>
/// <param name="DurationS">How long it lasts, in s; for jumps and lift sets it bounds the count.</param>
/// <param name="Count">Jumps or repetitions to perform (0 for time-based activities).</param>
public sealed record ActivitySegment(double Start, SimulatedActivity Activity, double DurationS, int Count = 0);
