using System.CommandLine;
using LoadSense.Cli.Configuration;
using Microsoft.Extensions.Logging;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense summary</c>: a patient's week from the store.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        Option<string> patient = CommandSupport.PatientOption("default");
        var week = new Option<string?>("--week") { Description = "ISO week, e.g. 2026-W48 (default: the current week in the patient's time zone).", HelpName = "YYYY-Www" };
        var json = new Option<string?>("--json") { Description = "Also write the summary as JSON to this file.", HelpName = "OUT" };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("summary", "Print a patient's weekly summary: per day steps, jumps, lift sets and reps, impacts per band, load; and the targets met.\n\nExample: loadsense summary --patient p01 --week 2026-W48 --json week.json")
        {
            patient, week, json, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            TimeZoneInfo zone = SettingsLoader.ResolveTimeZone(settings.TimeZone);
            DateOnly monday = CommandSupport.Monday(parse.GetValue(week), zone, weeksFromNow: 0);
            await using ILoadStore store = await CommandSupport.OpenStoreAsync(settings, logging, cancellationToken);
            (Targets targets, _) = await PatientTargetsFile.ResolveAsync(settings, parse.GetValue(patient)!, cancellationToken);
            await PrintWeekAsync(store, parse.GetValue(patient)!, monday, targets, zone, parse.GetValue(json), cancellationToken);
            return CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary>Reads a week from the store, prints it, and writes it as JSON when <paramref name="jsonPath"/> is given.</summary>
    public static async Task PrintWeekAsync(ILoadStore store, string patientId, DateOnly monday, Targets targets, TimeZoneInfo zone, string? jsonPath, CancellationToken cancellationToken)
    {
        IReadOnlyList<DailySummary> days = await store.ReadDaysAsync(patientId, monday, monday.AddDays(6), cancellationToken);
        WeeklySummary summary = WeeklySummaryBuilder.Build(patientId, monday, days, targets);
        Console.Write(SummaryPrinter.Week(summary, zone));
        if (jsonPath is not null)
        {
            await SummaryPrinter.WriteJsonAsync(jsonPath, SummaryPrinter.WeekJson(summary), cancellationToken);
        }
    }
}
