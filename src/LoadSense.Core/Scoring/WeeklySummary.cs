namespace LoadSense.Core.Scoring;

/// <summary>One target and whether the week met it.</summary>
/// <param name="Name">What is counted, e.g. "jump days".</param>
/// <param name="Target">The number to reach.</param>
/// <param name="Achieved">What the week reached.</param>
public sealed record TargetResult(string Name, double Target, double Achieved)
{
    /// <summary>Whether the week reached the target.</summary>
    public bool Met => Achieved >= Target;
}

/// <summary>A patient's ISO week (Monday to Sunday in the patient's time zone) against targets.</summary>
public sealed record WeeklySummary
{
    /// <summary>The patient.</summary>
    public required string PatientId { get; init; }

    /// <summary>ISO 8601 week, e.g. 2026-W48.</summary>
    public required string Week { get; init; }

    /// <summary>Seven days, Monday first; days without data are present with zeros.</summary>
    public required IReadOnlyList<DailySummary> Days { get; init; }

    /// <summary>The targets the week was measured against.</summary>
    public required Targets Targets { get; init; }

    /// <summary>Each target and whether it was met.</summary>
    public required IReadOnlyList<TargetResult> Results { get; init; }
}
