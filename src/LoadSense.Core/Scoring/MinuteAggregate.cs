namespace LoadSense.Core.Scoring;

/// <summary>
/// What one device recorded in one UTC minute: counts, impact bands and dose. The analyzer
/// closes a minute when the first sample of a later minute arrives (or when the stream goes
/// idle), so a minute is emitted once and is final.
/// </summary>
public sealed record MinuteAggregate
{
    /// <summary>Start of the minute, seconds since 1970-01-01 UTC (a multiple of 60).</summary>
    public required long MinuteStart { get; init; }

    /// <summary>Samples received in the minute.</summary>
    public int Samples { get; init; }

    /// <summary>Whether the sensor moved in the minute (a heuristic for wear time).</summary>
    public bool Worn { get; init; }

    /// <summary>Step events.</summary>
    public int Steps { get; init; }

    /// <summary>Jump events.</summary>
    public int Jumps { get; init; }

    /// <summary>Lift repetitions.</summary>
    public int LiftReps { get; init; }

    /// <summary>Lift sets that started in the minute.</summary>
    public int LiftSets { get; init; }

    /// <summary>Impact peaks per band of the stream's placement (see <see cref="ImpactBands"/>); length <see cref="ImpactBands.MaxBands"/>.</summary>
    public IReadOnlyList<int> ImpactBandCounts { get; init; } = ImpactBands.EmptyCounts;

    /// <summary>Seconds whose mean ENMO reached 0.75 g (Stiles 2017 postmenopausal threshold; wrist).</summary>
    public int SecondsAbove750Mg { get; init; }

    /// <summary>Seconds whose mean ENMO reached 1.0 g (Stiles 2017 premenopausal threshold; wrist).</summary>
    public int SecondsAbove1000Mg { get; init; }

    /// <summary>Σ sᵢᵐ over the minute's events (the daily stress stimulus before its m-th root).</summary>
    public double LoadSum { get; init; }

    /// <summary>The largest event peak in g, 0 when there was no event.</summary>
    public float MaxPeakG { get; init; }

    /// <summary>The highest jump in cm.</summary>
    public float MaxJumpHeightCm { get; init; }

    /// <summary>The sum of jump heights in cm (for means over a day).</summary>
    public float JumpHeightSumCm { get; init; }
}
