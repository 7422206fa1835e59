namespace LoadSense.Core;

/// <summary>The kinds of bone-loading event the analyzer recognises.</summary>
public enum LoadEventKind
{
    /// <summary>A walking or running step (heel strike).</summary>
    Step,

    /// <summary>A jump, timed at its landing.</summary>
    Jump,

    /// <summary>A resistance-training repetition, timed at its completion.</summary>
    Lift,
}

/// <summary>One classified event.</summary>
/// <param name="Time">When it happened: seconds since 1970-01-01 UTC (device time).</param>
/// <param name="Kind">Step, jump or lift.</param>
/// <param name="PeakG">Peak resultant acceleration of the event in g, gravity included.</param>
/// <param name="Load">The event's contribution to the daily stress stimulus, s^m (see docs/scoring.md).</param>
/// <param name="JumpHeightCm">Jump height from flight time, h = g t²/8, in cm; 0 for other kinds.</param>
/// <param name="Set">For lifts, the set number within the stream (1-based); 0 otherwise.</param>
/// <param name="Rep">For lifts, the repetition number within its set (1-based); 0 otherwise.</param>
public readonly record struct LoadEvent(
    double Time,
    LoadEventKind Kind,
    float PeakG,
    float Load,
    float JumpHeightCm = 0,
    int Set = 0,
    int Rep = 0);
