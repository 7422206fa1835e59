namespace LoadSense.Core.Scoring;

/// <summary>Builds a patient's week from stored daily summaries and measures it against targets.</summary>
public static class WeeklySummaryBuilder
{
    /// <summary>The week that starts on <paramref name="monday"/>; days missing from <paramref name="days"/> are zero days.</summary>
    public static WeeklySummary Build(string patientId, DateOnly monday, IReadOnlyList<DailySummary> days, Targets targets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(targets);
        if (monday.DayOfWeek != DayOfWeek.Monday)
        {
            throw new ArgumentException($"{monday:yyyy-MM-dd} is a {monday.DayOfWeek}; a week starts on Monday.", nameof(monday));
        }

        var week = new DailySummary[7];
        for (int d = 0; d < 7; d++)
        {
            DateOnly date = monday.AddDays(d);
            week[d] = days.FirstOrDefault(day => day.Date == date) ?? new DailySummary { Date = date };
        }

        var results = new List<TargetResult>
        {
            new($"days with a session of {targets.JumpsPerSession}+ jumps", targets.JumpDaysPerWeek, week.Count(d => d.MostJumpsInSession >= targets.JumpsPerSession)),
            new($"resistance days ({targets.SetsPerResistanceDay}+ sets)", targets.ResistanceDaysPerWeek, week.Count(d => d.LiftSets >= targets.SetsPerResistanceDay)),
            new("active minutes", targets.ActiveMinutesPerWeek, week.Sum(d => d.ActiveMinutes)),
        };
        if (targets.DailyLoad > 0)
        {
            results.Add(new TargetResult($"days with load {targets.DailyLoad:0.#}+ g", 7, week.Count(d => d.Load >= targets.DailyLoad)));
        }

        return new WeeklySummary
        {
            PatientId = patientId,
            Week = LocalDays.IsoWeekOf(monday),
            Days = week,
            Targets = targets,
            Results = results,
        };
    }
}
