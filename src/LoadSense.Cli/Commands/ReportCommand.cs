using System.CommandLine;
using System.Text;
using LoadSense.Cli.Configuration;
using LoadSense.Cli.Reports;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense report</c>: a patient's week as one self-contained HTML page (and optionally a PNG of it).</summary>
internal static class ReportCommand
{
    public static Command Create() => Create(TimeProvider.System);

    public static Command Create(TimeProvider clock)
    {
        Option<string> patient = CommandSupport.PatientOption("default");
        var week = new Option<string?>("--week") { Description = "ISO week, e.g. 2026-W48 (default: last week, the ISO week before today in the patient's time zone).", HelpName = "YYYY-Www" };
        var output = new Option<string?>("--out") { Description = "The HTML file to write (default: report-PATIENT-WEEK.html in the working directory).", HelpName = "FILE" };
        var png = new Option<bool>("--png") { Description = "Also render the page to a PNG next to the HTML file, with headless Chromium (apt-get install chromium)." };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("report", "Write a patient's weekly report for the physiotherapist: one self-contained HTML page (charts of load, impacts, jumps, lifts, steps, wear and the last 8 weeks; targets met and missed; how the numbers are computed) to open, print on one A4 page or email.\n\nExample: loadsense report --patient p01 --week 2026-W48 --out p01.html --png")
        {
            patient, week, output, png, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            TimeZoneInfo zone = SettingsLoader.ResolveTimeZone(settings.TimeZone);
            DateOnly monday = CommandSupport.Monday(parse.GetValue(week), zone, weeksFromNow: -1);
            string patientId = parse.GetValue(patient)!;
            string htmlPath = parse.GetValue(output) ?? $"report-{PatientTargetsFile.FileNameOf(patientId)}-{LocalDays.IsoWeekOf(monday)}.html";
            if (parse.GetValue(png) && !File.Exists(settings.Report.ChromiumPath))
            {
                // Checked before any work, so that a missing browser costs nothing.
                await Console.Error.WriteLineAsync($"loadsense: --png needs Chromium, which is not installed at {settings.Report.ChromiumPath}: install it with 'apt-get install chromium' (Debian; as root), or set Report:ChromiumPath.");
                return CommandSupport.BadInput;
            }

            (Targets targets, bool own) = await PatientTargetsFile.ResolveAsync(settings, patientId, cancellationToken);
            IReadOnlyList<DailySummary> days;
            IReadOnlyList<DeviceTelemetry> telemetry;
            await using (ILoadStore store = await CommandSupport.OpenStoreAsync(settings, logging, cancellationToken))
            {
                days = await store.ReadDaysAsync(patientId, monday.AddDays(-7 * (WeeklyReport.TrendWeeks - 1)), monday.AddDays(6), cancellationToken);
                (double from, double until) = WeeklyReport.WeekBounds(monday, zone);
                telemetry = await store.ReadTelemetryAsync(patientId, from, until, cancellationToken);
            }

            WeeklyReport report = WeeklyReport.Build(patientId, monday, days, targets, own, zone, clock.GetUtcNow(), telemetry);
            string? directory = Path.GetDirectoryName(Path.GetFullPath(htmlPath));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            await File.WriteAllTextAsync(htmlPath, HtmlReportWriter.Write(report), new UTF8Encoding(false), cancellationToken);
            Console.WriteLine($"Wrote {htmlPath}: patient {patientId}, week {report.Week.Week}, {report.Week.Results.Count(r => r.Met)} of {report.Week.Results.Count} targets met{(report.IsEmpty ? " (no data recorded)" : "")}.");
            if (parse.GetValue(png))
            {
                string pngPath = Path.ChangeExtension(htmlPath, ".png");
                try
                {
                    await ChromiumScreenshot.CaptureAsync(htmlPath, pngPath, settings.Report, cancellationToken);
                }
                catch (ChromiumMissingException ex)
                {
                    await Console.Error.WriteLineAsync($"loadsense: {ex.Message}");
                    return CommandSupport.BadInput;
                }

                Console.WriteLine($"Wrote {pngPath}.");
            }

            return CommandSupport.Ok;
        }));
        return command;
    }
}
