using System.CommandLine;
using LoadSense.Cli.Configuration;
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
            LoadSenseSettings settings = CommandSupport.LoadSettings(parse, database);
            TimeZoneInfo zone = SettingsLoader.ResolveTimeZone(settings.TimeZone);
            string? weekText = parse.GetValue(week);
            DateOnly monday = weekText is null
                ? LocalDays.MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone).DateTime))
                : LocalDays.ParseIsoWeek(weekText);
            ILoadStore store = await CommandSupport.OpenStoreAsync(settings, cancellationToken);
            try
            {
                WeeklySummary summary = await LoadWeekAsync(store, parse.GetValue(patient)!, monday, settings.Targets, cancellationToken);
                Console.Write(SummaryPrinter.Week(summary, zone));
                string? jsonPath = parse.GetValue(json);
                if (jsonPath is not null)
                {
                    await SummaryPrinter.WriteJsonAsync(jsonPath, SummaryPrinter.WeekJson(summary), cancellationToken);
                }
            }
            finally
            {
                await ((IAsyncDisposable)store).DisposeAsync();
            }

            return CommandSupport.Ok;
        }));
        return command;
    }

    public static async Task<WeeklySummary> LoadWeekAsync(ILoadStore store, string patientId, DateOnly monday, Targets targets, CancellationToken cancellationToken)
    {
        IReadOnlyList<DailySummary> days = await store.ReadDaysAsync(patientId, monday, monday.AddDays(6), cancellationToken);
        return WeeklySummaryBuilder.Build(patientId, monday, days, targets);
    }
}
