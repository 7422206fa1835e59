namespace LoadSense.Core.Scoring;

/// <summary>One patient's day (local midnight to midnight in the patient's time zone).</summary>
public sealed record DailySummary
{
    /// <summary>The local date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Steps.</summary>
    public int Steps { get; init; }

    /// <summary>Jumps.</summary>
    public int Jumps { get; init; }

    /// <summary>Jump sessions: runs of jumps separated by recovery (see <see cref="ScoringOptions.SessionGapMinutes"/>).</summary>
    public int JumpSessions { get; init; }

    /// <summary>The most jumps in one session.</summary>
    public int MostJumpsInSession { get; init; }

    /// <summary>Highest jump of the day in cm.</summary>
    public float MaxJumpHeightCm { get; init; }

    /// <summary>Mean jump height in cm (0 without jumps).</summary>
    public float MeanJumpHeightCm { get; init; }

    /// <summary>Resistance-training sets.</summary>
    public int LiftSets { get; init; }

    /// <summary>Resistance-training repetitions.</summary>
    public int LiftReps { get; init; }

    /// <summary>Impact peaks per band; the bands are those of <see cref="Placement"/>.</summary>
    public IReadOnlyList<int> ImpactBandCounts { get; init; } = ImpactBands.EmptyCounts;

    /// <summary>The placement whose bands <see cref="ImpactBandCounts"/> uses (the day's main sensor).</summary>
    public Placement Placement { get; init; }

    /// <summary>Seconds with mean ENMO ≥ 0.75 g (wrist; Stiles 2017).</summary>
    public int SecondsAbove750Mg { get; init; }

    /// <summary>Seconds with mean ENMO ≥ 1.0 g (wrist; Stiles 2017).</summary>
    public int SecondsAbove1000Mg { get; init; }

    /// <summary>Daily stress stimulus (Σ n·sᵐ)^(1/m), in g (Carter/Whalen).</summary>
    public double Load { get; init; }

    /// <summary>Osteogenic index: Σ over sessions of intensity·ln(1+n) (Turner and Robling 2003).</summary>
    public double OsteogenicIndex { get; init; }

    /// <summary>Minutes with data in which the sensor moved.</summary>
    public int WearMinutes { get; init; }

    /// <summary>Minutes with at least <see cref="ScoringOptions.ActiveMinuteSteps"/> steps, or any jump or lift.</summary>
    public int ActiveMinutes { get; init; }
}
