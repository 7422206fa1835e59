using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;

namespace LoadSense.Cli.Reports;

/// <summary>One day of the report with how far its numbers can be trusted.</summary>
/// <param name="Summary">The stored day (zeros when nothing was stored).</param>
/// <param name="Coverage">Worn, low wear, no data, or not yet.</param>
internal sealed record ReportDay(DailySummary Summary, Coverage Coverage);

/// <summary>One week of the trend.</summary>
/// <param name="Summary">The week against the patient's targets.</param>
/// <param name="DaysWithData">Days with any wear.</param>
/// <param name="MeanLoad">Mean daily load (g) over the days with data; 0 without data.</param>
internal sealed record TrendWeek(WeeklySummary Summary, int DaysWithData, double MeanLoad);

/// <summary>How one sensor fared over the week, from the recording service's telemetry.</summary>
/// <param name="DeviceId">The sensor.</param>
/// <param name="LastState">Its session state at the last record of the week.</param>
/// <param name="BatteryPercent">The last battery level reported in the week, when any was.</param>
/// <param name="LastHeard">When data from it last arrived in the week (the end of the last reporting interval with samples, Unix seconds); null when none did.</param>
/// <param name="LostFrames">Frames lost over the week.</param>
/// <param name="Gaps">Breaks in the stream over the week, disconnects included.</param>
/// <param name="GapMinutes">Device time lost in those breaks, in minutes.</param>
/// <param name="Reconnects">Connections re-established after a loss.</param>
internal sealed record DeviceHealth(string DeviceId, string LastState, int? BatteryPercent, double? LastHeard, long LostFrames, long Gaps, double GapMinutes, long Reconnects)
{
    /// <summary>One line per device, in device order, from the week's telemetry records.</summary>
    public static IReadOnlyList<DeviceHealth> Summarize(IEnumerable<DeviceTelemetry> telemetry) =>
    [
        .. telemetry.GroupBy(t => t.DeviceId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                DeviceTelemetry last = g.MaxBy(t => t.Time)!;
                int? battery = g.Where(t => t.BatteryPercent is not null).MaxBy(t => t.Time)?.BatteryPercent;
                // The service reports every device every interval, heard or not: only intervals with samples say it was heard.
                double? heard = g.Where(t => t.Samples > 0).MaxBy(t => t.Time)?.Time;
                return new DeviceHealth(g.Key, last.State, battery, heard, g.Sum(t => t.LostFrames), g.Sum(t => t.Gaps), g.Sum(t => t.GapSeconds) / 60, g.Sum(t => t.Reconnects));
            }),
    ];
}

/// <summary>Everything a weekly report shows: the week, its days' coverage and the trend of the last weeks.</summary>
internal sealed record WeeklyReport
{
    /// <summary>Weeks in the trend, this one included.</summary>
    public const int TrendWeeks = 8;

    /// <summary>
    /// Wear that makes a valid day: 10 hours (600 minutes), the usual criterion for a valid day of
    /// accelerometer data (Troiano et al. 2008, NHANES). Less is shown as missing data.
    /// </summary>
    public const int ValidDayWearMinutes = 600;

    public required WeeklySummary Week { get; init; }

    public required IReadOnlyList<ReportDay> Days { get; init; }

    /// <summary>The last <see cref="TrendWeeks"/> weeks, oldest first, this week last.</summary>
    public required IReadOnlyList<TrendWeek> Trend { get; init; }

    /// <summary>Whether the targets are the patient's own (<c>targets set</c>) rather than the settings.</summary>
    public required bool OwnTargets { get; init; }

    /// <summary>The week's sensors, from the recording service's telemetry; empty when none was stored (e.g. replayed recordings).</summary>
    public IReadOnlyList<DeviceHealth> Devices { get; init; } = [];

    public required TimeZoneInfo Zone { get; init; }

    /// <summary>Today in the patient's zone: later days of the week have not happened yet.</summary>
    public required DateOnly Today { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Whether no day of the week has any data.</summary>
    public bool IsEmpty => Days.All(d => d.Coverage is Coverage.None or Coverage.Future);

    /// <summary>Builds the report of the week starting <paramref name="monday"/> from the stored days of the last 8 weeks.</summary>
    /// <param name="patientId">The patient.</param>
    /// <param name="monday">The Monday of the reported week.</param>
    /// <param name="storedDays">Stored days from 7 weeks before <paramref name="monday"/> to the week's Sunday.</param>
    /// <param name="targets">The patient's targets.</param>
    /// <param name="ownTargets">Whether they are the patient's own.</param>
    /// <param name="zone">The patient's time zone.</param>
    /// <param name="now">The current time, from the program's <see cref="TimeProvider"/>.</param>
    /// <param name="telemetry">The sensors' telemetry records of the week, when any.</param>
    public static WeeklyReport Build(string patientId, DateOnly monday, IReadOnlyList<DailySummary> storedDays, Targets targets, bool ownTargets, TimeZoneInfo zone, DateTimeOffset now, IReadOnlyList<DeviceTelemetry>? telemetry = null)
    {
        DateOnly today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var trend = new List<TrendWeek>();
        for (int w = TrendWeeks - 1; w >= 0; w--)
        {
            DateOnly start = monday.AddDays(-7 * w);
            WeeklySummary summary = WeeklySummaryBuilder.Build(patientId, start, storedDays, targets);
            DailySummary[] withData = [.. summary.Days.Where(d => d.WearMinutes > 0)];
            trend.Add(new TrendWeek(summary, withData.Length, withData.Length == 0 ? 0 : withData.Average(d => d.Load)));
        }

        WeeklySummary week = trend[^1].Summary;
        return new WeeklyReport
        {
            Week = week,
            Days = [.. week.Days.Select(d => new ReportDay(d, CoverageOf(d, today)))],
            Trend = trend,
            OwnTargets = ownTargets,
            Devices = DeviceHealth.Summarize(telemetry ?? []),
            Zone = zone,
            Today = today,
            GeneratedAt = now,
        };
    }

    /// <summary>The week's bounds as Unix seconds: local midnight of <paramref name="monday"/> to local midnight a week later.</summary>
    public static (double From, double Until) WeekBounds(DateOnly monday, TimeZoneInfo zone) => (LocalDays.StartOf(monday, zone), LocalDays.StartOf(monday.AddDays(7), zone));

    /// <summary>A day after today has not happened; without wear it has no data; under 10 h of wear it is a low-wear day.</summary>
    public static Coverage CoverageOf(DailySummary day, DateOnly today) => day switch
    {
        _ when day.Date > today => Coverage.Future,
        { WearMinutes: 0 } => Coverage.None,
        { WearMinutes: < ValidDayWearMinutes } => Coverage.LowWear,
        _ => Coverage.Worn,
    };
}
