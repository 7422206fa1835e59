using System.ComponentModel.DataAnnotations;

namespace LoadSense.Core.Scoring;

/// <summary>How events become doses. Every value is documented in docs/scoring.md.</summary>
public sealed class ScoringOptions
{
    /// <summary>
    /// The exponent m of the daily stress stimulus (Σ n·sᵐ)^(1/m) (Carter; Whalen). 4 is the
    /// value most often used for bone; the source is unconfirmed, hence configurable.
    /// </summary>
    [Range(1.0, 8.0)]
    public double StressExponent { get; set; } = 4.0;

    /// <summary>
    /// The load magnitude s in g given to one resistance repetition. Accelerometers do not see
    /// muscle force, and no published conversion exists, so this is a clinician's setting;
    /// the default ranks a heavy repetition like a brisk run's step (about 2.5 g).
    /// </summary>
    [Range(1.0, 10.0)]
    public double LiftEquivalentG { get; set; } = 2.5;

    /// <summary>Minutes without an event of the same kind that end a session (Turner and Robling: recovery between bouts).</summary>
    [Range(1, 240)]
    public int SessionGapMinutes { get; set; } = 15;

    /// <summary>Steps in a minute that make it an active minute (about 100 steps/min is moderate walking; Tudor-Locke 2018).</summary>
    [Range(1, 250)]
    public int ActiveMinuteSteps { get; set; } = 100;
}
