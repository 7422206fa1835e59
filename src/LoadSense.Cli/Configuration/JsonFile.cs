using System.Text.Json;

namespace LoadSense.Cli.Configuration;

/// <summary>The small JSON files of the command line (paired sensors, targets, service state).</summary>
internal static class JsonFile
{
    /// <summary>
    /// Writes <paramref name="value"/> to <paramref name="path"/>, creating the directory; written
    /// beside and renamed, so that a reader never sees half a file.
    /// </summary>
    public static async Task WriteAsync<T>(string path, T value, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string partial = path + ".tmp";
        await using (FileStream file = File.Create(partial))
        {
            await JsonSerializer.SerializeAsync(file, value, options, cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
    }
}
