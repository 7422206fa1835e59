using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoadSense.Cli.Configuration;
using LoadSense.Cli.Evaluation;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense eval</c>: detector accuracy on a labelled corpus.</summary>
internal static class EvalCommand
{
    // The largest misses named under each table: enough to start looking, not a second table.
    private const int MissesShown = 5;

    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest") { Description = "Manifest CSV in the corpus format (id,task,expected,placement,file[,truth]); paths are relative to it.", Required = true, HelpName = "PATH" };
        var task = new Option<string?>("--task") { Description = "Evaluate only this task: steps, jumps or reps." };
        task.AcceptOnlyFromAmong("steps", "jumps", "reps");
        var json = new Option<string?>("--json") { Description = "Also write every row and the summary as JSON to this file.", HelpName = "OUT" };
        var resample = new Option<double?>("--resample-hz") { Description = "Analyse every recording as a slower device would have recorded it: the samples of each 1/HZ s averaged into one (1 to 400; e.g. 12.5). Recordings already slower are left as they are.", HelpName = "HZ" };
        var command = new Command("eval", "Measure detector accuracy: run the full analyzer on every recording of a labelled manifest (only the row's placement is passed to it) and compare the step, jump and repetition counts with the truth, per task and placement: MAPE, share within ±1, false positives on recordings that hold none, and per-event precision and recall (±0.3 s) where a truth file gives event times.\n\nExamples:\n  loadsense eval --manifest ../shared/corpus/manifest.csv --json eval.json\n  loadsense eval --manifest ../shared/corpus/manifest.csv --task reps --resample-hz 12.5")
        {
            manifest, task, json, resample,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            double? resampleHz = parse.GetValue(resample);
            if (resampleHz is { } hz && !(hz >= 1 && hz <= 400))
            {
                throw new ArgumentException($"--resample-hz must be 1 to 400 Hz, not {hz.ToString(CultureInfo.InvariantCulture)}.");
            }

            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database: null);
            using ILoggerFactory loggers = logging;
            IReadOnlyList<ManifestRow> rows = Manifest.Read(parse.GetValue(manifest)!.FullName);
            string? only = parse.GetValue(task);
            if (only is not null)
            {
                rows = [.. rows.Where(r => r.Task.ToString().Equals(only, StringComparison.OrdinalIgnoreCase))];
            }

            bool terminal = !Console.IsErrorRedirected;
            IReadOnlyList<EvalRow> results = await Evaluator.RunAsync(
                rows,
                settings.Analyzer,
                settings.Scoring,
                resampleHz,
                terminal ? (done, total) => Console.Error.Write($"\ranalysing recordings: {done}/{total}") : null,
                cancellationToken);
            if (terminal)
            {
                Console.Error.Write("\r" + new string(' ', 40) + "\r");
            }

            Console.Write(Report(results));
            string? jsonPath = parse.GetValue(json);
            if (jsonPath is not null)
            {
                await SummaryPrinter.WriteJsonAsync(jsonPath, Json(results), cancellationToken);
            }

            foreach (EvalRow failed in results.Where(r => r.Error is not null))
            {
                await Console.Error.WriteLineAsync($"loadsense: {failed.Row.Id} ({failed.Row.Task}, manifest line {failed.Row.Line}): {failed.Error}");
            }

            return results.Any(r => r.Error is not null) ? CommandSupport.BadInput : CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary>
    /// Accuracy of a group of rows. MAPE and MAE are over the rows that hold events (expected
    /// above 0), as are <see cref="NonzeroWithin1"/> (the sets within ±1 of the repetition target)
    /// and <see cref="NonzeroExact"/> (the one-jump segments with exactly one jump);
    /// <see cref="Within1"/> and <see cref="Exact"/> are over every row.
    /// </summary>
    internal sealed record Score(int Rows, int Expected, int Detected, double? Mape, double? Mae, double Within1, double Exact, double? NonzeroWithin1, double? NonzeroExact, int ZeroRows, double? ZeroRowsNoneFound, double? Precision, double? Recall)
    {
        public static Score Of(IReadOnlyList<EvalRow> rows)
        {
            var counted = rows.Where(r => r.Detected is not null).ToList();
            var positive = counted.Where(r => r.Row.Expected > 0).ToList();
            var zero = counted.Where(r => r.Row.Expected == 0).ToList();
            var withTruth = counted.Where(r => r.TruthEvents > 0).ToList();
            int truthEvents = withTruth.Sum(r => r.TruthEvents);
            int detectedWithTruth = withTruth.Sum(r => r.Detected!.Value);
            int matched = withTruth.Sum(r => r.TruePositives);
            return new Score(
                counted.Count,
                counted.Sum(r => r.Row.Expected),
                counted.Sum(r => r.Detected!.Value),
                positive.Count > 0 ? positive.Average(r => (double)r.AbsoluteError / r.Row.Expected) : null,
                positive.Count > 0 ? positive.Average(r => (double)r.AbsoluteError) : null,
                counted.Count > 0 ? counted.Count(r => r.AbsoluteError <= 1) / (double)counted.Count : 0,
                counted.Count > 0 ? counted.Count(r => r.AbsoluteError == 0) / (double)counted.Count : 0,
                positive.Count > 0 ? positive.Count(r => r.AbsoluteError <= 1) / (double)positive.Count : null,
                positive.Count > 0 ? positive.Count(r => r.AbsoluteError == 0) / (double)positive.Count : null,
                zero.Count,
                zero.Count > 0 ? zero.Count(r => r.Detected == 0) / (double)zero.Count : null,
                withTruth.Count > 0 && detectedWithTruth > 0 ? matched / (double)detectedWithTruth : null,
                withTruth.Count > 0 ? matched / (double)truthEvents : null);
        }
    }

    internal static string Report(IReadOnlyList<EvalRow> results)
    {
        var text = new StringBuilder();
        foreach (IGrouping<EvalTask, EvalRow> task in results.GroupBy(r => r.Row.Task).OrderBy(g => g.Key))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{task.Key.ToString().ToLowerInvariant()}");
            text.AppendLine("  placement  rows    true detected    MAPE    MAE  within±1   exact  rows>0 ±1  rows>0 exact  rows=0  none found  precision  recall");
            foreach (IGrouping<string, EvalRow> group in task.GroupBy(r => r.Row.Placement.ToString().ToLowerInvariant()).OrderBy(g => g.Key).Append(task.GroupBy(_ => "all").Single()))
            {
                Score s = Score.Of([.. group]);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {group.Key,-9} {s.Rows,5} {s.Expected,7} {s.Detected,8} {Percent(s.Mape),7} {s.Mae?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",6} {Percent(s.Within1),9} {Percent(s.Exact),7} {Percent(s.NonzeroWithin1),10} {Percent(s.NonzeroExact),13} {s.ZeroRows,7} {Percent(s.ZeroRowsNoneFound),11} {Percent(s.Precision),10} {Percent(s.Recall),7}");
            }

            var misses = task.Where(r => r.Detected is not null && r.AbsoluteError > 1).OrderByDescending(r => r.AbsoluteError).ThenBy(r => r.Row.Id, StringComparer.Ordinal).ToList();
            if (misses.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  off by more than 1: {misses.Count} of {task.Count(r => r.Detected is not null)} rows; largest (true → detected): {string.Join(", ", misses.Take(MissesShown).Select(r => $"{r.Row.Id} {r.Row.Expected} → {r.Detected}"))}");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Percent(double? share) => share is null ? "-" : (share.Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static object Json(IReadOnlyList<EvalRow> results) => new
    {
        rows = results.Select(r => new
        {
            id = r.Row.Id,
            task = r.Row.Task.ToString().ToLowerInvariant(),
            placement = r.Row.Placement.ToString().ToLowerInvariant(),
            expected = r.Row.Expected,
            detected = r.Detected,
            matched = r.TruthEvents > 0 ? r.TruePositives : (int?)null,
            error = r.Error,
        }),
        summary = results.GroupBy(r => r.Row.Task.ToString().ToLowerInvariant()).ToDictionary(g => g.Key, g =>
        {
            JsonObject summary = JsonSerializer.SerializeToNode(Score.Of([.. g]), SummaryPrinter.Json)!.AsObject();
            summary["by_placement"] = JsonSerializer.SerializeToNode(
                g.GroupBy(r => r.Row.Placement.ToString().ToLowerInvariant()).ToDictionary(p => p.Key, p => Score.Of([.. p])), SummaryPrinter.Json);
            return summary;
        }),
    };
}
