using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoadSense.Core;
using LoadSense.Core.Scoring;

namespace LoadSense.Cli.Commands;

/// <summary>Tables and JSON documents the commands print and write.</summary>
internal static class SummaryPrinter
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string DaysTable(IReadOnlyList<DailySummary> days)
    {
        var text = new StringBuilder();
        Placement placement = days.Any(d => d.Placement == Placement.Hip) ? Placement.Hip : Placement.Wrist;
        string impacts = placement == Placement.Hip
            ? "impacts by band " + string.Join(" | ", ImpactBands.Labels(Placement.Hip))
            : "s >= 0.75 g / 1.0 g";
        text.AppendLine(CultureInfo.InvariantCulture, $"{"day",-14} {"steps",6} {"jumps",5} {"best cm",7} {"sets",4} {"reps",4} {"load g",6} {"OI",6} {"wear h",6}  {impacts}");
        foreach (DailySummary d in days)
        {
            string bands = placement == Placement.Hip
                ? string.Join(" | ", d.ImpactBandCounts.Select(c => c.ToString(CultureInfo.InvariantCulture).PadLeft(9)))
                : $"{d.SecondsAbove750Mg,6} / {d.SecondsAbove1000Mg}";
            text.AppendLine(CultureInfo.InvariantCulture, $"{d.Date.ToString("ddd yyyy-MM-dd", CultureInfo.InvariantCulture),-14} {d.Steps,6} {d.Jumps,5} {d.MaxJumpHeightCm,7:0.0} {d.LiftSets,4} {d.LiftReps,4} {d.Load,6:0.0} {d.OsteogenicIndex,6:0.0} {d.WearMinutes / 60.0,6:0.0}  {bands}");
        }

        return text.ToString();
    }

    public static string Week(WeeklySummary week, TimeZoneInfo zone)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Patient {week.PatientId}, week {week.Week} ({week.Days[0].Date:yyyy-MM-dd} to {week.Days[^1].Date:yyyy-MM-dd}, {zone.Id})");
        text.AppendLine();
        text.Append(DaysTable(week.Days));
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Targets: {week.Results.Count(r => r.Met)} of {week.Results.Count} met");
        foreach (TargetResult r in week.Results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{(r.Met ? "met" : "missed"),-6}] {r.Name}: {r.Achieved:0.#} of {r.Target:0.#}");
        }

        if (week.Days.All(d => d.WearMinutes == 0))
        {
            text.AppendLine();
            text.AppendLine("No data was recorded this week: the sensor was not worn, not paired, or its data has not been analysed yet.");
        }

        return text.ToString();
    }

    public static object DayJson(DailySummary d) => new
    {
        date = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        steps = d.Steps,
        jumps = d.Jumps,
        jump_sessions = d.JumpSessions,
        most_jumps_in_session = d.MostJumpsInSession,
        max_jump_height_cm = Math.Round(d.MaxJumpHeightCm, 1),
        mean_jump_height_cm = Math.Round(d.MeanJumpHeightCm, 1),
        lift_sets = d.LiftSets,
        lift_reps = d.LiftReps,
        impacts = d.ImpactBandCounts,
        impact_bands = ImpactBands.Labels(d.Placement),
        placement = d.Placement,
        seconds_above_750mg = d.SecondsAbove750Mg,
        seconds_above_1000mg = d.SecondsAbove1000Mg,
        load = Math.Round(d.Load, 3),
        osteogenic_index = Math.Round(d.OsteogenicIndex, 3),
        wear_minutes = d.WearMinutes,
        active_minutes = d.ActiveMinutes,
    };

    public static object WeekJson(WeeklySummary week) => new
    {
        patient = week.PatientId,
        week = week.Week,
        days = week.Days.Select(DayJson),
        targets = new
        {
            jumps_per_session = week.Targets.JumpsPerSession,
            jump_days_per_week = week.Targets.JumpDaysPerWeek,
            resistance_days_per_week = week.Targets.ResistanceDaysPerWeek,
            sets_per_resistance_day = week.Targets.SetsPerResistanceDay,
            active_minutes_per_week = week.Targets.ActiveMinutesPerWeek,
            daily_load = week.Targets.DailyLoad,
            results = week.Results.Select(r => new { name = r.Name, target = r.Target, achieved = r.Achieved, met = r.Met }),
        },
    };

    public static object EventJson(LoadEvent e) => new
    {
        time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(e.Time * 1000)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        kind = e.Kind,
        peak_g = Math.Round(e.PeakG, 3),
        load = Math.Round(e.Load, 3),
        jump_height_cm = Math.Round(e.JumpHeightCm, 1),
        set = e.Set,
        rep = e.Rep,
    };

    public static async Task WriteJsonAsync(string path, object document, CancellationToken cancellationToken)
    {
        await using FileStream file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, Json, cancellationToken);
    }
}
