using Microsoft.Extensions.Logging;

namespace LoadSense.Storage;

/// <summary>The project's source-generated log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened the SQLite store {Path} (schema version {SchemaVersion})")]
    public static partial void StoreOpened(ILogger logger, string path, long schemaVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created the schema version {SchemaVersion} in {Path}")]
    public static partial void SchemaCreated(ILogger logger, string path, long schemaVersion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The SQLite store {Path} runs in journal mode {JournalMode} instead of WAL; readers will block writers")]
    public static partial void WalUnavailable(ILogger logger, string path, string journalMode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Stored {EventCount} events and {MinuteCount} minutes of patient {PatientId}, device {DeviceId}")]
    public static partial void BatchAppended(ILogger logger, string patientId, string deviceId, int eventCount, int minuteCount);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Stored {DayCount} days of patient {PatientId}")]
    public static partial void DaysUpserted(ILogger logger, string patientId, int dayCount);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Closed the SQLite store {Path}")]
    public static partial void StoreClosed(ILogger logger, string path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "The outbox {Path} holds {Points} points waiting, near its cap of {MaxPoints} (Outbox:MaxPoints); at the cap new batches are refused. Make the store reachable and run 'loadsense sync'")]
    public static partial void OutboxNearlyFull(ILogger logger, string path, long points, long maxPoints);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Migrated {Path} from schema version {FromVersion} to {ToVersion}")]
    public static partial void SchemaMigrated(ILogger logger, string path, long fromVersion, long toVersion);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Stored {Count} telemetry records")]
    public static partial void TelemetryAppended(ILogger logger, int count);
}
