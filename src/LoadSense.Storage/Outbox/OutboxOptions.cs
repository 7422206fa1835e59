using System.ComponentModel.DataAnnotations;

namespace LoadSense.Storage.Outbox;

/// <summary>Where the durable outbox keeps batches on their way to a remote store, and how much it may hold.</summary>
public sealed class OutboxOptions
{
    /// <summary>
    /// The outbox file. Default: <c>$XDG_DATA_HOME/loadsense/outbox.db</c> or
    /// <c>~/.local/share/loadsense/outbox.db</c>. A missing directory is created.
    /// </summary>
    [Required]
    public string Path { get; set; } = System.IO.Path.Combine(
        System.IO.Path.GetDirectoryName(SqliteOptions.DefaultPath(Environment.GetEnvironmentVariable))!, "outbox.db");

    /// <summary>
    /// The most points the outbox holds waiting. When a batch would pass it, the batch is
    /// refused (the writing command fails and says so); nothing already waiting is ever dropped.
    /// Allowed 1000-1000000000; default 20000000 (about two weeks of events and minutes of a
    /// patient at several hundred bytes a point, a few GB at most).
    /// </summary>
    [Range(typeof(long), "1000", "1000000000")]
    public long MaxPoints { get; set; } = 20_000_000;

    /// <summary>Fraction of <see cref="MaxPoints"/> past which every new batch logs a warning. Allowed 0.1-1; default 0.8.</summary>
    [Range(0.1, 1.0)]
    public double WarnFraction { get; set; } = 0.8;

    /// <summary>How long a write waits for another process holding the file's lock, in seconds. Allowed 1-600; default 30.</summary>
    [Range(1, 600)]
    public int BusyTimeoutSeconds { get; set; } = 30;
}
