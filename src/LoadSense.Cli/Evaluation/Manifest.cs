using System.Globalization;
using LoadSense.Core;

namespace LoadSense.Cli.Evaluation;

/// <summary>The manifest could not be read; the message names the file and line.</summary>
internal sealed class ManifestException(string message) : Exception(message);

/// <summary>What a labelled recording is expected to hold.</summary>
/// <param name="Id">The row's id.</param>
/// <param name="Task">steps, jumps or reps.</param>
/// <param name="Expected">The true count in the whole recording.</param>
/// <param name="Placement">Passed to the analyzer.</param>
/// <param name="RecordingPath">Absolute path of the recording.</param>
/// <param name="TruthPath">Absolute path of per-event truth times, or null.</param>
/// <param name="Line">The row's line in the manifest, for messages.</param>
internal sealed record ManifestRow(string Id, EvalTask Task, int Expected, Placement Placement, string RecordingPath, string? TruthPath, int Line);

/// <summary>The three counting tasks and the event kind each one counts.</summary>
internal enum EvalTask
{
    Steps,
    Jumps,
    Reps,
}

/// <summary>What each task counts.</summary>
internal static class EvalTasks
{
    /// <summary>The kind of event the task counts: steps, jumps, or lift repetitions.</summary>
    public static LoadEventKind EventKind(this EvalTask task) => task switch
    {
        EvalTask.Steps => LoadEventKind.Step,
        EvalTask.Jumps => LoadEventKind.Jump,
        _ => LoadEventKind.Lift,
    };
}

/// <summary>
/// Reads a manifest in the corpus format: a CSV header naming at least id, task, expected,
/// placement and file (truth optional), paths relative to the manifest.
/// </summary>
internal static class Manifest
{
    private static readonly string[] Required = ["id", "task", "expected", "placement", "file"];

    public static IReadOnlyList<ManifestRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ManifestException($"{path}: no such manifest.");
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            throw new ManifestException($"{path}: the manifest is empty; it needs a header with {string.Join(",", Required)} (and optionally truth).");
        }

        string[] header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        string[] missing = Required.Where(r => !header.Contains(r)).ToArray();
        if (missing.Length > 0)
        {
            throw new ManifestException($"{path} line 1: the header lacks {string.Join(", ", missing)}; found {string.Join(",", header)}.");
        }

        int Column(string name) => Array.IndexOf(header, name);
        int id = Column("id"), task = Column("task"), expected = Column("expected"), placement = Column("placement"), file = Column("file"), truth = Column("truth");
        var rows = new List<ManifestRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            string[] f = lines[i].Split(',');
            string Field(int index) => index >= 0 && index < f.Length ? f[index].Trim() : "";
            int line = i + 1;
            if (f.Length <= Required.Select(Column).Max())
            {
                throw new ManifestException($"{path} line {line}: expected {header.Length} fields, found {f.Length}.");
            }

            if (!Enum.TryParse(Field(task), ignoreCase: true, out EvalTask parsedTask) || int.TryParse(Field(task), out _))
            {
                throw new ManifestException($"{path} line {line}: task '{Field(task)}' is not steps, jumps or reps.");
            }

            if (!int.TryParse(Field(expected), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                throw new ManifestException($"{path} line {line}: expected '{Field(expected)}' is not a whole number of events.");
            }

            if (!Enum.TryParse(Field(placement), ignoreCase: true, out Placement where) || int.TryParse(Field(placement), out _))
            {
                throw new ManifestException($"{path} line {line}: placement '{Field(placement)}' is not wrist, hip or other.");
            }

            if (Field(file).Length == 0)
            {
                throw new ManifestException($"{path} line {line}: the file column is empty.");
            }

            string? truthPath = Field(truth).Length > 0 ? Path.GetFullPath(Path.Combine(directory, Field(truth))) : null;
            rows.Add(new ManifestRow(Field(id), parsedTask, count, where, Path.GetFullPath(Path.Combine(directory, Field(file))), truthPath, line));
        }

        if (rows.Count == 0)
        {
            throw new ManifestException($"{path}: the manifest has a header but no rows.");
        }

        return rows;
    }

    /// <summary>
    /// Event times in s from a truth file (<c>t</c> first, optionally <c>kind</c>): with a kind
    /// column, only the events of the task's kind (step, jump, or rep, lift or repetition, in
    /// any case, singular or plural), so that one truth file can list every kind a recording holds.
    /// </summary>
    public static double[] ReadTruthTimes(string path, EvalTask task)
    {
        if (!File.Exists(path))
        {
            throw new ManifestException($"{path}: no such truth file.");
        }

        string[] lines = File.ReadAllLines(path);
        int kindColumn = lines.Length > 0 ? Array.FindIndex(lines[0].Split(','), h => h.Trim().Equals("kind", StringComparison.OrdinalIgnoreCase)) : -1;
        var times = new List<double>();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            string first = fields[0].Trim();
            if (first.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
            {
                throw new ManifestException($"{path} line {i + 1}: '{first}' is not a time in seconds.");
            }

            string kind = kindColumn >= 0 && kindColumn < fields.Length ? fields[kindColumn].Trim() : "";
            if (kindColumn >= 0 && kind.Length == 0)
            {
                throw new ManifestException($"{path} line {i + 1}: the kind is empty (step, jump or rep).");
            }

            if (kindColumn < 0 || IsKindOf(kind, task))
            {
                times.Add(t);
            }
        }

        return [.. times];
    }

    // The event kind's own name, singular or plural, in any case; a lift is also a rep or repetition.
    private static bool IsKindOf(string kind, EvalTask task)
    {
        string singular = kind.EndsWith('s') ? kind[..^1] : kind;
        LoadEventKind counted = task.EventKind();
        return singular.Equals(counted.ToString(), StringComparison.OrdinalIgnoreCase)
            || (counted == LoadEventKind.Lift && (singular.Equals("rep", StringComparison.OrdinalIgnoreCase) || singular.Equals("repetition", StringComparison.OrdinalIgnoreCase)));
    }
}
