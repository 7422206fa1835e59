using System.ComponentModel.DataAnnotations;

namespace LoadSense.Storage;

/// <summary>Where and how the embedded SQLite store keeps its file.</summary>
public sealed class SqliteOptions
{
    /// <summary>
    /// The database file. Default: <see cref="DefaultPath"/> of the process environment,
    /// <c>$XDG_DATA_HOME/loadsense/loadsense.db</c> or <c>~/.local/share/loadsense/loadsense.db</c>.
    /// A relative path is taken from the working directory; a missing directory is created.
    /// </summary>
    [Required]
    public string Path { get; set; } = DefaultPath(Environment.GetEnvironmentVariable);

    /// <summary>
    /// How long, in seconds, a write waits for another process that holds the database lock
    /// before it fails. Allowed range 1-600; default 30.
    /// </summary>
    [Range(1, 600)]
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The default database file for an environment (XDG Base Directory specification):
    /// <c>$XDG_DATA_HOME/loadsense/loadsense.db</c> when XDG_DATA_HOME is an absolute path,
    /// otherwise <c>$HOME/.local/share/loadsense/loadsense.db</c>.
    /// </summary>
    /// <param name="getEnv">Reads an environment variable, null when unset (e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <returns>An absolute path.</returns>
    /// <exception cref="InvalidOperationException">Neither XDG_DATA_HOME nor a home directory is known.</exception>
    public static string DefaultPath(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);

        // The XDG specification says a relative value is invalid and must be ignored.
        string? dataHome = getEnv("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome) || !System.IO.Path.IsPathFullyQualified(dataHome))
        {
            string? home = getEnv("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            if (string.IsNullOrEmpty(home))
            {
                throw new InvalidOperationException(
                    "Cannot choose a database path: neither XDG_DATA_HOME nor HOME is set. Set the store's Path.");
            }

            dataHome = System.IO.Path.Combine(home, ".local", "share");
        }

        return System.IO.Path.Combine(dataHome, "loadsense", "loadsense.db");
    }
}
