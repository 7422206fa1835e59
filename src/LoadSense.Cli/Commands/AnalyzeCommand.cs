using System.CommandLine;
using System.Reactive.Linq;
using LoadSense.Cli.Configuration;
using Microsoft.Extensions.Logging;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.Recordings;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense analyze</c>: one recording through the pipeline into the store.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A CSV or gzip CSV recording with a time column and x, y, z columns (t,x,y,z in s and g, as in the corpus)." };
        var placement = new Option<Placement>("--placement") { Description = "Where the sensor was worn: wrist, hip, or other (a phone, or unknown).", DefaultValueFactory = _ => Placement.Other };
        Option<string> patient = CommandSupport.PatientOption("default");
        var start = new Option<DateTimeOffset?>("--start")
        {
            Description = "When a recording with relative times started (ISO 8601, e.g. 2026-11-23T09:00:00Z). Default: the file's modification time minus its duration, rounded down to the minute, so the same file always lands on the same times.",
            HelpName = "TIME",
        };
        var units = new Option<string>("--units") { Description = "Units of x, y, z: g or ms2 (m/s²).", DefaultValueFactory = _ => "g" };
        units.AcceptOnlyFromAmong("g", "ms2");
        var json = new Option<string?>("--json") { Description = "Also write the events and days as JSON to this file.", HelpName = "OUT" };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("analyze", "Analyse a recording: detect steps, jumps and lift repetitions, score them, store them (again and again without doubling), and print counts and the daily summary.\n\nExample: loadsense analyze walk.csv.gz --placement hip --patient p01 --json walk.json")
        {
            file, placement, patient, start, units, json, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            TimeZoneInfo zone = SettingsLoader.ResolveTimeZone(settings.TimeZone);
            FileInfo recording = parse.GetValue(file)!;
            if (!recording.Exists)
            {
                throw new FileNotFoundException(null, recording.FullName);
            }

            var options = new RecordingReaderOptions
            {
                Unit = parse.GetValue(units) == "ms2" ? AccelerationUnit.MetersPerSecondSquared : AccelerationUnit.G,
                BlockSize = 1024,
            };
            RecordingInfo probe = RecordingReader.Probe(recording.FullName, options);
            DateTimeOffset? givenStart = parse.GetValue(start);
            DefaultStart? defaultStart = probe.TimeIsAbsolute || givenStart is not null ? null : DefaultStart.Of(recording);
            if (!probe.TimeIsAbsolute)
            {
                options.Start = givenStart ?? DateTimeOffset.FromUnixTimeSeconds(defaultStart!.ProvisionalS);
            }

            Placement where = parse.GetValue(placement);
            string patientId = parse.GetValue(patient)!;
            await using ILoadStore store = await CommandSupport.OpenStoreAsync(settings, logging, cancellationToken);
            await using IRawSampleSink? raw = await CommandSupport.OpenRawSampleSinkAsync(settings, store, patientId, cancellationToken);
            if (raw is not null && defaultStart is not null)
            {
                // Raw samples are written as they pass, so their times must be right from the first
                // one: read the file once more to learn its duration instead of moving results afterwards.
                options.Start = DateTimeOffset.FromUnixTimeSeconds(defaultStart.ProvisionalS + defaultStart.ShiftS(RecordingReader.ReadToEnd(recording.FullName, options)));
                defaultStart = null;
            }

            var recorder = new ResultRecorder(store, patientId, zone, settings.Scoring, raw: raw);
            using RecordingReader reader = RecordingReader.Open(recording.FullName, options);
            Func<long>? shiftSeconds = defaultStart is null ? null : () => defaultStart.ShiftS(reader.Info);
            using IDisposable progress = ProgressBar.Start(recording.Name, () => reader.BytesRead, reader.Length ?? 0);
            ILogger logger = logging.CreateLogger("LoadSense.Analyze");
            try
            {
                // Parsing runs ahead on another core while this thread analyses.
                await recorder.RecordAsync(reader.ReadBlocksAhead().ToObservable(), where, settings.Analyzer, cancellationToken, shiftSeconds);
            }
            catch (RecordingFormatException)
            {
                Log.RecordingBroken(logger, recording.Name);
                throw;
            }

            IReadOnlyList<DailySummary> days = await recorder.RecomputeDaysAsync(cancellationToken);
            progress.Dispose();
            RecordingInfo info = reader.Info;
            Console.WriteLine($"{recording.Name}: {info.RowCount} samples at {info.SampleRateHz:0.#} Hz, {info.LastTime - info.FirstTime:0.0} s, placement {where.ToString().ToLowerInvariant()}, patient {patientId}");
            Console.WriteLine($"  steps {recorder.Count(LoadEventKind.Step)}, jumps {recorder.Count(LoadEventKind.Jump)}, lift reps {recorder.Count(LoadEventKind.Lift)} in {recorder.Events.Where(e => e.Kind == LoadEventKind.Lift).Select(e => e.Set).Distinct().Count()} sets");
            Log.RecordingAnalyzed(logger, recording.Name, info.RowCount, recorder.Events.Count, recorder.MinuteCount, patientId);
            if (info.GapCount > 0)
            {
                Log.GapsInRecording(logger, recording.Name, info.GapCount);
            }

            if (info.DuplicateCount > 0)
            {
                Log.DuplicatesSkipped(logger, recording.Name, info.DuplicateCount);
            }

            if (info.GapCount > 0 || info.DuplicateCount > 0)
            {
                Console.WriteLine($"  {info.GapCount} gaps (not bridged), {info.DuplicateCount} duplicate samples skipped");
            }

            Console.WriteLine();
            Console.Write(SummaryPrinter.DaysTable(days));
            string? jsonPath = parse.GetValue(json);
            if (jsonPath is not null)
            {
                await SummaryPrinter.WriteJsonAsync(
                    jsonPath,
                    new { events = recorder.Events.Select(SummaryPrinter.EventJson), days = days.Select(SummaryPrinter.DayJson) },
                    cancellationToken);
            }

            return CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The default start of a recording with relative times: the file's modification time (its
    /// end) minus its duration (its last relative time), rounded down to the minute. The duration
    /// is known only at the file's end, so the analysis runs from <see cref="ProvisionalS"/>, the
    /// modification time's minute, and its results move by <see cref="ShiftS"/>, whole minutes,
    /// afterwards: the file is read once.
    /// </summary>
    private sealed record DefaultStart(double ModifiedS, long ProvisionalS)
    {
        public static DefaultStart Of(FileInfo recording)
        {
            double modified = new DateTimeOffset(recording.LastWriteTimeUtc, TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0;
            return new DefaultStart(modified, WholeMinute(modified));
        }

        /// <summary>Seconds (a multiple of 60) from the provisional start to the real one, for a reader that has read the file.</summary>
        public long ShiftS(RecordingInfo read) =>
            double.IsFinite(read.LastTime) ? WholeMinute(ModifiedS - (read.LastTime - ProvisionalS)) - ProvisionalS : 0;

        private static long WholeMinute(double unixSeconds) => (long)Math.Floor(unixSeconds / 60) * 60;
    }
}
