using System.Collections.Concurrent;
using LoadSense.Core;
using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;
using LoadSense.Recordings;

namespace LoadSense.Cli.Evaluation;

/// <summary>One manifest row's outcome.</summary>
internal sealed record EvalRow(ManifestRow Row, int? Detected, string? Error, int TruePositives = 0, int TruthEvents = 0)
{
    public int AbsoluteError => Math.Abs((Detected ?? 0) - Row.Expected);
}

/// <summary>
/// Runs the full analyzer on every recording of a manifest (each file once, whatever the number
/// of rows naming it) with only the row's placement, and compares the counts with the truth.
/// Nothing else from the manifest reaches the analyzer.
/// </summary>
internal static class Evaluator
{
    // An event within this many seconds of a true event matches it (issue 3: ±0.3 s).
    public const double MatchToleranceS = 0.3;

    public static async Task<IReadOnlyList<EvalRow>> RunAsync(
        IReadOnlyList<ManifestRow> rows,
        AnalyzerOptions analyzer,
        ScoringOptions scoring,
        double? resampleHz,
        Action<int, int>? progress,
        CancellationToken cancellationToken)
    {
        var recordings = rows.GroupBy(r => (r.RecordingPath, r.Placement)).ToList();
        var results = new ConcurrentDictionary<(string, Placement), (List<LoadEvent>? Events, string? Error)>();
        int done = 0;
        await Parallel.ForEachAsync(recordings, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, (group, ct) =>
        {
            results[group.Key] = Analyze(group.Key.RecordingPath, group.Key.Placement, analyzer, scoring, resampleHz, ct);
            progress?.Invoke(Interlocked.Increment(ref done), recordings.Count);
            return ValueTask.CompletedTask;
        });

        var outcome = new List<EvalRow>(rows.Count);
        foreach (ManifestRow row in rows)
        {
            (List<LoadEvent>? events, string? error) = results[(row.RecordingPath, row.Placement)];
            if (events is null)
            {
                outcome.Add(new EvalRow(row, null, error));
                continue;
            }

            LoadEventKind kind = row.Task.EventKind();
            double[] detected = events.Where(e => e.Kind == kind).Select(e => e.Time).ToArray();
            if (row.TruthPath is null)
            {
                outcome.Add(new EvalRow(row, detected.Length, null));
                continue;
            }

            try
            {
                double[] truth = Manifest.ReadTruthTimes(row.TruthPath, row.Task);
                string? mismatch = truth.Length == 0 && row.Expected > 0
                    ? $"{row.TruthPath}: no {row.Task.ToString().ToLowerInvariant()} events in the truth file, but the row expects {row.Expected} (is its kind column step, jump or rep?)."
                    : null;
                outcome.Add(new EvalRow(row, detected.Length, mismatch, Match(detected, truth), truth.Length));
            }
            catch (ManifestException ex)
            {
                outcome.Add(new EvalRow(row, detected.Length, ex.Message));
            }
        }

        return outcome;
    }

    /// <summary>One-to-one matches between detected and true times within the tolerance (both sorted), greedily in time order.</summary>
    public static int Match(double[] detected, double[] truth)
    {
        Array.Sort(detected);
        Array.Sort(truth);
        int matches = 0, d = 0;
        foreach (double t in truth)
        {
            while (d < detected.Length && detected[d] < t - MatchToleranceS)
            {
                d++;
            }

            if (d < detected.Length && detected[d] <= t + MatchToleranceS)
            {
                matches++;
                d++;
            }
        }

        return matches;
    }

    private static (List<LoadEvent>? Events, string? Error) Analyze(string path, Placement placement, AnalyzerOptions options, ScoringOptions scoring, double? resampleHz, CancellationToken cancellationToken)
    {
        try
        {
            // Relative times stay relative (start at the epoch), so events compare with the truth's t.
            using RecordingReader reader = RecordingReader.Open(path, new RecordingReaderOptions { Start = DateTimeOffset.UnixEpoch, BlockSize = 1024 });
            var analyzer = new StreamAnalyzer(placement, options, scoring);
            var output = new AnalysisOutput();
            var events = new List<LoadEvent>();
            IEnumerable<SampleBlock> blocks = resampleHz is { } rate ? Resampler.Resample(reader.ReadBlocks(), rate) : reader.ReadBlocks();
            foreach (SampleBlock block in blocks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                analyzer.Process(block, output);
                events.AddRange(output.Events);
                output.Clear();
            }

            analyzer.Flush(output);
            events.AddRange(output.Events);
            return (events, null);
        }
        catch (Exception ex) when (ex is RecordingFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (null, ex is FileNotFoundException ? $"{path}: no such recording." : ex.Message);
        }
    }
}
