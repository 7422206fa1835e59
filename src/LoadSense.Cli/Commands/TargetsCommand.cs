using System.CommandLine;
using System.Globalization;
using System.Text;
using LoadSense.Cli.Configuration;
using LoadSense.Core.Scoring;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense targets set|show</c>: a patient's own weekly targets.</summary>
internal static class TargetsCommand
{
    public static Command Create() => new("targets", "Set or show a patient's weekly targets. A patient without their own targets has the Targets:* settings (defaults from the literature: 50 jumps a session on 3 days, 2 resistance days of 2+ sets, 150 active minutes a week).\n\nExample: loadsense targets set --patient p01 --jumps-per-session 40 --jump-days 3")
    {
        SetCommand(),
        ShowCommand(),
    };

    private static Command SetCommand()
    {
        Option<string> patient = RequiredPatient();
        var jumps = new Option<int?>("--jumps-per-session") { Description = "Jumps that make a day's jump session count (1 to 1000; default 50).", HelpName = "N" };
        var jumpDays = new Option<int?>("--jump-days") { Description = "Days a week with such a session (0 to 7; default 3).", HelpName = "N" };
        var resistanceDays = new Option<int?>("--resistance-days") { Description = "Resistance-training days a week (0 to 7; default 2).", HelpName = "N" };
        var sets = new Option<int?>("--sets-per-day") { Description = "Sets that make a resistance-training day (1 to 50; default 2).", HelpName = "N" };
        var active = new Option<int?>("--active-minutes") { Description = "Active minutes a week (0 to 5000; default 150).", HelpName = "N" };
        var load = new Option<double?>("--daily-load") { Description = "Daily load (stress stimulus, g) to reach every day (0 to 1000; 0 = no daily load target).", HelpName = "X" };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("set", "Store a patient's targets; options not given keep the patient's current value.\n\nExample: loadsense targets set --patient p01 --jumps-per-session 40 --resistance-days 3")
        {
            patient, jumps, jumpDays, resistanceDays, sets, active, load, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            string patientId = parse.GetValue(patient)!;
            (Targets current, _) = await PatientTargetsFile.ResolveAsync(settings, patientId, cancellationToken);
            Targets updated = current with
            {
                JumpsPerSession = parse.GetValue(jumps) ?? current.JumpsPerSession,
                JumpDaysPerWeek = parse.GetValue(jumpDays) ?? current.JumpDaysPerWeek,
                ResistanceDaysPerWeek = parse.GetValue(resistanceDays) ?? current.ResistanceDaysPerWeek,
                SetsPerResistanceDay = parse.GetValue(sets) ?? current.SetsPerResistanceDay,
                ActiveMinutesPerWeek = parse.GetValue(active) ?? current.ActiveMinutesPerWeek,
                DailyLoad = parse.GetValue(load) ?? current.DailyLoad,
            };
            string? problem = PatientTargetsFile.Problem(updated);
            if (problem is not null)
            {
                string option = OptionOf(problem);
                throw new ArgumentException($"{option}: {problem} Nothing was stored.");
            }

            string path = await PatientTargetsFile.WriteAsync(settings, patientId, updated, cancellationToken);
            await Console.Error.WriteLineAsync($"Stored the targets of patient {patientId} in {path}.");
            Console.Write(Describe(patientId, updated, own: true, path));
            return CommandSupport.Ok;
        }));
        return command;
    }

    private static Command ShowCommand()
    {
        Option<string> patient = RequiredPatient();
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("show", "Print the targets a patient's week is measured against, and where they come from.\n\nExample: loadsense targets show --patient p01")
        {
            patient, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            string patientId = parse.GetValue(patient)!;
            (Targets targets, bool own) = await PatientTargetsFile.ResolveAsync(settings, patientId, cancellationToken);
            Console.Write(Describe(patientId, targets, own, PatientTargetsFile.PathOf(settings, patientId)));
            return CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary>The targets as printed by <c>targets show</c>: one line per target, with the option that sets it.</summary>
    public static string Describe(string patientId, Targets targets, bool own, string path)
    {
        var text = new StringBuilder();
        text.AppendLine(own
            ? $"Targets of patient {patientId} (from {path}):"
            : $"Targets of patient {patientId} (no own targets; the Targets settings, defaults from Bae et al. 2023 and the WHO):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  jumps per session      {targets.JumpsPerSession,6}   --jumps-per-session");
        text.AppendLine(CultureInfo.InvariantCulture, $"  jump days a week       {targets.JumpDaysPerWeek,6}   --jump-days");
        text.AppendLine(CultureInfo.InvariantCulture, $"  resistance days a week {targets.ResistanceDaysPerWeek,6}   --resistance-days");
        text.AppendLine(CultureInfo.InvariantCulture, $"  sets per resistance day{targets.SetsPerResistanceDay,6}   --sets-per-day");
        text.AppendLine(CultureInfo.InvariantCulture, $"  active minutes a week  {targets.ActiveMinutesPerWeek,6}   --active-minutes");
        text.AppendLine(CultureInfo.InvariantCulture, $"  daily load (g)         {targets.DailyLoad,6:0.###}   --daily-load{(targets.DailyLoad > 0 ? "" : " (0: no daily load target)")}");
        return text.ToString();
    }

    private static Option<string> RequiredPatient() => new("--patient")
    {
        Description = "The patient whose targets these are.",
        Required = true,
        HelpName = "ID",
    };

    private static string OptionOf(string problem) => problem.Split(':')[0] switch
    {
        nameof(Targets.JumpsPerSession) => "--jumps-per-session",
        nameof(Targets.JumpDaysPerWeek) => "--jump-days",
        nameof(Targets.ResistanceDaysPerWeek) => "--resistance-days",
        nameof(Targets.SetsPerResistanceDay) => "--sets-per-day",
        nameof(Targets.ActiveMinutesPerWeek) => "--active-minutes",
        nameof(Targets.DailyLoad) => "--daily-load",
        _ => "a target",
    };
}
