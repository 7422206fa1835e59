using System.CommandLine;
using System.Diagnostics;
using System.Reactive.Linq;
using LoadSense.Cli.Configuration;
using Microsoft.Extensions.Logging;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Simulation;
using LoadSense.Core.Storage;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense demo</c>: a simulated week through the real pipeline into the store.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        Option<string> patient = CommandSupport.PatientOption("demo");
        var week = new Option<string?>("--week") { Description = "ISO week to simulate, e.g. 2026-W48 (default: last week).", HelpName = "YYYY-Www" };
        var placement = new Option<Placement>("--placement") { Description = "Where the simulated sensor is worn.", DefaultValueFactory = _ => Placement.Hip };
        var rate = new Option<double>("--rate") { Description = "Sample rate of the simulated sensor in Hz (12.5 to 400).", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation; the same seed gives the same week.", DefaultValueFactory = _ => 1 };
        var json = new Option<string?>("--json") { Description = "Also write the weekly summary as JSON to this file.", HelpName = "OUT" };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("demo", "Simulate a week of a patient on an exercise programme (walks, jump sessions, resistance sets) from a virtual hip sensor, analyse it with the real pipeline into the store, and print the weekly summary. Needs no sensor and no server.\n\nExample: loadsense demo --week 2026-W47")
        {
            patient, week, placement, rate, seed, json, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            TimeZoneInfo zone = SettingsLoader.ResolveTimeZone(settings.TimeZone);
            double rateHz = parse.GetValue(rate);
            if (rateHz is < 12.5 or > 400)
            {
                throw new ArgumentException($"--rate {rateHz} is outside 12.5 to 400 Hz.");
            }

            DateOnly monday = CommandSupport.Monday(parse.GetValue(week), zone, weeksFromNow: -1);
            string patientId = parse.GetValue(patient)!;
            Placement where = parse.GetValue(placement);

            IReadOnlyList<ActivitySegment> plan = DemoWeek.Plan(monday, zone, parse.GetValue(seed));
            var simulator = new WearableSimulator($"sim-{where.ToString().ToLowerInvariant()}", where, rateHz, parse.GetValue(seed));
            await using ILoadStore store = await CommandSupport.OpenStoreAsync(settings, logging, cancellationToken);
            long started = Stopwatch.GetTimestamp();
            await Console.Error.WriteLineAsync($"Simulating {LocalDays.IsoWeekOf(monday)} for patient {patientId} ({where}, {rateHz} Hz) into {CommandSupport.StoreDescription(settings)} ...");
            await using IRawSampleSink? raw = await CommandSupport.OpenRawSampleSinkAsync(settings, store, patientId, cancellationToken);
            var recorder = new ResultRecorder(store, patientId, zone, settings.Scoring, raw: raw);
            await recorder.RecordAsync(simulator.Generate(plan).ToObservable(), where, settings.Analyzer, cancellationToken);
            await recorder.RecomputeDaysAsync(cancellationToken);
            await Console.Error.WriteLineAsync($"Analysed {simulator.Truth.Count} simulated events in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: " +
                $"found {recorder.Count(LoadEventKind.Step)} steps (true {Count(simulator, LoadEventKind.Step)}), " +
                $"{recorder.Count(LoadEventKind.Jump)} jumps (true {Count(simulator, LoadEventKind.Jump)}), " +
                $"{recorder.Count(LoadEventKind.Lift)} lift reps (true {Count(simulator, LoadEventKind.Lift)}).");
            Console.WriteLine();
            (Targets targets, _) = await PatientTargetsFile.ResolveAsync(settings, patientId, cancellationToken);
            await SummaryCommand.PrintWeekAsync(store, patientId, monday, targets, zone, parse.GetValue(json), cancellationToken);

            return CommandSupport.Ok;
        }));
        return command;
    }

    private static int Count(WearableSimulator simulator, LoadEventKind kind) => simulator.Truth.Count(e => e.Kind == kind);
}
