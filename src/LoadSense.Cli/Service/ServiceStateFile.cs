using System.Text.Json;
using LoadSense.Cli.Configuration;

namespace LoadSense.Cli.Service;

/// <summary>The running service's state, a JSON file next to the SQLite file (<c>service-state.json</c>), rewritten every few seconds.</summary>
internal static class ServiceStateFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Where the state file of the configured store lives.</summary>
    public static string PathOf(LoadSenseSettings settings)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(settings.Sqlite.Path)) ?? ".";
        return Path.Combine(directory, "service-state.json");
    }

    /// <summary>Writes the state beside and renames it, so that a reader never sees half a file.</summary>
    public static async Task WriteAsync(string path, ServiceStatus status, CancellationToken cancellationToken)
    {
        await JsonFile.WriteAsync(path, status, Json, cancellationToken);
    }

    /// <summary>The last state written, or null when no service has run against this store.</summary>
    /// <exception cref="InvalidDataException">The file is not a state file.</exception>
    public static async Task<ServiceStatus?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using FileStream file = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<ServiceStatus>(file, Json, cancellationToken)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a service state file: {ex.Message}", ex);
        }
    }
}
