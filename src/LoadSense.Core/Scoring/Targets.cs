using System.ComponentModel.DataAnnotations;

namespace LoadSense.Core.Scoring;

/// <summary>
/// A patient's weekly targets. Defaults: Bae et al. 2023 position statement (J Bone Metab
/// 30:149-65): 50 jumps a session on at least 3 days a week, resistance training 2-3 days a
/// week; WHO: 150 minutes of moderate activity a week.
/// </summary>
public sealed record Targets
{
    /// <summary>Jumps that make a day's jump session count.</summary>
    [Range(1, 1000)]
    public int JumpsPerSession { get; init; } = 50;

    /// <summary>Days a week with a counted jump session.</summary>
    [Range(0, 7)]
    public int JumpDaysPerWeek { get; init; } = 3;

    /// <summary>Days a week with resistance training (at least <see cref="SetsPerResistanceDay"/> sets).</summary>
    [Range(0, 7)]
    public int ResistanceDaysPerWeek { get; init; } = 2;

    /// <summary>Sets that make a resistance-training day.</summary>
    [Range(1, 50)]
    public int SetsPerResistanceDay { get; init; } = 2;

    /// <summary>Active minutes a week.</summary>
    [Range(0, 5000)]
    public int ActiveMinutesPerWeek { get; init; } = 150;

    /// <summary>A daily load (stress stimulus, g) to reach; 0 means no daily load target.</summary>
    [Range(0.0, 1000.0)]
    public double DailyLoad { get; init; }
}
