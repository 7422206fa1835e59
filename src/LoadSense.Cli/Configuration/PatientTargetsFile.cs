using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LoadSense.Core.Scoring;

namespace LoadSense.Cli.Configuration;

/// <summary>
/// A patient's own targets, one JSON file per patient in <c>targets/</c> next to the SQLite file
/// (<c>&lt;dir of Sqlite:Path&gt;/targets/&lt;patient&gt;.json</c>). Without a file the patient has the
/// <c>Targets:*</c> settings, whose defaults come from the literature (see <see cref="Targets"/>).
/// </summary>
internal static class PatientTargetsFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The file of <paramref name="patientId"/>'s targets.</summary>
    public static string PathOf(LoadSenseSettings settings, string patientId)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(settings.Sqlite.Path)) ?? ".";
        return Path.Combine(directory, "targets", FileNameOf(patientId) + ".json");
    }

    /// <summary>
    /// A file name that no patient id can turn into a path: letters, digits, '-' and '_' stay,
    /// every other UTF-8 byte becomes '~' and two hex digits, so distinct ids never share a file.
    /// </summary>
    public static string FileNameOf(string patientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        var name = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(patientId))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_')
            {
                name.Append((char)b);
            }
            else
            {
                name.Append(CultureInfo.InvariantCulture, $"~{b:x2}");
            }
        }

        return name.ToString();
    }

    /// <summary>The patient's stored targets, or null when the patient has none.</summary>
    /// <exception cref="SettingsException">The file is not valid JSON or holds a value out of range.</exception>
    public static async Task<Targets?> ReadAsync(LoadSenseSettings settings, string patientId, CancellationToken cancellationToken)
    {
        string path = PathOf(settings, patientId);
        if (!File.Exists(path))
        {
            return null;
        }

        Targets? targets;
        try
        {
            await using FileStream file = File.OpenRead(path);
            targets = await JsonSerializer.DeserializeAsync<Targets>(file, Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new SettingsException($"{path} is not a valid targets file: {ex.Message} Write it again with 'loadsense targets set'.");
        }

        if (targets is null)
        {
            throw new SettingsException($"{path} is empty; write it again with 'loadsense targets set'.");
        }

        string? problem = Problem(targets);
        return problem is null ? targets : throw new SettingsException($"{path}: {problem}");
    }

    /// <summary>The patient's targets: their own file when present, otherwise the <c>Targets:*</c> settings.</summary>
    public static async Task<(Targets Targets, bool Own)> ResolveAsync(LoadSenseSettings settings, string patientId, CancellationToken cancellationToken)
    {
        Targets? own = await ReadAsync(settings, patientId, cancellationToken);
        return own is null ? (settings.Targets, false) : (own, true);
    }

    /// <summary>Writes the patient's targets (validated by the caller), creating the directory.</summary>
    public static async Task<string> WriteAsync(LoadSenseSettings settings, string patientId, Targets targets, CancellationToken cancellationToken)
    {
        string path = PathOf(settings, patientId);
        await JsonFile.WriteAsync(path, targets, Json, cancellationToken);
        return path;
    }

    /// <summary>The first value outside the [Range] bounds of <see cref="Targets"/>, as a sentence naming it; null when all are valid.</summary>
    public static string? Problem(Targets targets)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(targets, new ValidationContext(targets), results, validateAllProperties: true)
            ? null
            : $"{string.Join(",", results[0].MemberNames)}: {results[0].ErrorMessage}";
    }
}
