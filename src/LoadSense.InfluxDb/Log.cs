using Microsoft.Extensions.Logging;

namespace LoadSense.InfluxDb;

/// <summary>The project's source-generated log messages (never a token or password).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Using InfluxDB at {Url}, database {Database}")]
    public static partial void StoreOpened(ILogger logger, string url, string database);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Could not make sure database {Database} exists at {Url}: {Reason}")]
    public static partial void DatabaseNotEnsured(ILogger logger, string url, string database, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Wrote {Points} points to InfluxDB")]
    public static partial void PointsWritten(ILogger logger, int points);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "InfluxDB write failed ({Reason}); retry {Attempt} of {MaxRetries} in {DelaySeconds:0.00} s")]
    public static partial void Retrying(ILogger logger, string reason, int attempt, int maxRetries, double delaySeconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "InfluxDB rejected outbox batch {BatchId} ({Points} points) for good; moved to the dead letters: {Reason}")]
    public static partial void DeadLettered(ILogger logger, long batchId, int points, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "InfluxDB unavailable; {Batches} batches wait in the outbox: {Reason}")]
    public static partial void DrainPaused(ILogger logger, long batches, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Sent {Batches} outbox batches from {BatchId} ({Points} points) in one request")]
    public static partial void BatchSent(ILogger logger, long batchId, int batches, int points);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Could not make sure retention policy {RetentionPolicy} exists at {Url}: {Reason}")]
    public static partial void RetentionPolicyNotEnsured(ILogger logger, string url, string retentionPolicy, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Dropped {Points} raw samples of patient {PatientId}: {Reason} ({Total} dropped so far)")]
    public static partial void RawSamplesDropped(ILogger logger, string patientId, int points, string reason, long total);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "The outbox flush after the flush interval failed: {Reason}")]
    public static partial void BackgroundFlushFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "InfluxDB dropped points older than retention policy '{RetentionPolicy}' keeps (empty: the default): {Reason}")]
    public static partial void PointsBeyondRetention(ILogger logger, string retentionPolicy, string reason);
}
