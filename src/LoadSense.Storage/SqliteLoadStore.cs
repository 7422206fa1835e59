using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoadSense.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (readers do not block the writer) with
/// <c>synchronous=NORMAL</c> (a power cut may lose the last commits, never corrupt the file).
/// Every write call is one transaction of idempotent upserts. Calls on one store are
/// serialised; other processes may open the same file and wait up to
/// <see cref="SqliteOptions.BusyTimeoutSeconds"/> for its lock.
/// </summary>
public sealed class SqliteLoadStore : ILoadStore
{
    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly ILogger _logger;

    private readonly SqliteGate _gate;

    private SqliteLoadStore(SqliteConnection connection, string path, ILogger logger)
    {
        _connection = connection;
        _path = path;
        _logger = logger;
        _gate = new SqliteGate(connection, nameof(SqliteLoadStore));
    }

    /// <summary>
    /// Opens the database file of <paramref name="options"/>, creating its directory, the file
    /// and the schema when they are missing.
    /// </summary>
    /// <param name="options">Where the file is; validated here.</param>
    /// <param name="logger">Where to log opening, schema creation and writes; none when null.</param>
    /// <param name="cancellationToken">Stops opening.</param>
    /// <returns>The open store; dispose it to close the file.</returns>
    /// <exception cref="ValidationException">An option is out of its range; the message names it.</exception>
    /// <exception cref="IOException">
    /// The directory or file cannot be created or opened, the file is not a LoadSense database,
    /// or it was written by a newer LoadSense; the message names the path and the reason.
    /// </exception>
    public static async Task<SqliteLoadStore> OpenAsync(SqliteOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        cancellationToken.ThrowIfCancellationRequested();
        logger ??= NullLogger.Instance;

        string path = FullPath(options.Path);
        CreateDirectory(path);

        string connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // The store holds its one connection for its lifetime; without pooling, disposing
            // the store really closes the file (and checkpoints the WAL).
            Pooling = false,
            DefaultTimeout = options.BusyTimeoutSeconds,
        }.ToString();

        var connection = new SqliteConnection(connectionString);
        SqliteLoadStore? store = null;
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ConfigureAsync(connection, path, options.BusyTimeoutSeconds, logger, cancellationToken);
            long version = await SqliteSchema.EnsureAsync(connection, path, logger, cancellationToken);
            store = new SqliteLoadStore(connection, path, logger);
            Log.StoreOpened(logger, path, version);
            return store;
        }
        catch (SqliteException ex)
        {
            throw new IOException($"Cannot open the LoadSense database '{path}': {ex.Message}", ex);
        }
        finally
        {
            if (store is null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <inheritdoc/>
    public async Task AppendAsync(PatientBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.PatientId, nameof(batch));
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.DeviceId, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Events, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Minutes, nameof(batch));

        await WriteAsync(
            async transaction =>
            {
                if (batch.Events.Count > 0)
                {
                    await using var events = new EventTable(_connection, transaction, batch.PatientId, batch.DeviceId, batch.Placement);
                    foreach (var loadEvent in batch.Events)
                    {
                        await events.UpsertAsync(loadEvent, cancellationToken);
                    }
                }

                if (batch.Minutes.Count > 0)
                {
                    await using var minutes = new MinuteTable(_connection, transaction, batch.PatientId, batch.DeviceId, batch.Placement);
                    foreach (var minute in batch.Minutes)
                    {
                        ArgumentNullException.ThrowIfNull(minute, nameof(batch));
                        await minutes.UpsertAsync(minute, cancellationToken);
                    }
                }
            },
            cancellationToken);

        Log.BatchAppended(_logger, batch.PatientId, batch.DeviceId, batch.Events.Count, batch.Minutes.Count);
    }

    /// <inheritdoc/>
    /// <remarks>The bounds are rounded to the microsecond like stored event times.</remarks>
    public async Task<IReadOnlyList<LoadEvent>> ReadEventsAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        long from = SqliteValues.BoundToMicroseconds(fromTime, nameof(fromTime));
        long until = SqliteValues.BoundToMicroseconds(untilTime, nameof(untilTime));

        return await ReadAsync(() => EventTable.ReadAsync(_connection, patientId, from, until, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeviceMinute>> ReadMinutesAsync(string patientId, long fromMinute, long untilMinute, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);

        return await ReadAsync(() => MinuteTable.ReadAsync(_connection, patientId, fromMinute, untilMinute, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task UpsertDaysAsync(string patientId, IReadOnlyList<DailySummary> days, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentNullException.ThrowIfNull(days);

        await WriteAsync(
            async transaction =>
            {
                if (days.Count > 0)
                {
                    await using var table = new DayTable(_connection, transaction, patientId);
                    foreach (var day in days)
                    {
                        ArgumentNullException.ThrowIfNull(day, nameof(days));
                        await table.UpsertAsync(day, cancellationToken);
                    }
                }
            },
            cancellationToken);

        Log.DaysUpserted(_logger, patientId, days.Count);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DailySummary>> ReadDaysAsync(string patientId, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);

        return await ReadAsync(() => DayTable.ReadAsync(_connection, patientId, firstDay, lastDay, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AppendTelemetryAsync(IReadOnlyList<DeviceTelemetry> telemetry, CancellationToken cancellationToken = default)
    {
        DeviceTelemetry.CheckAll(telemetry);

        await WriteAsync(
            async transaction =>
            {
                if (telemetry.Count > 0)
                {
                    await using var table = new TelemetryTable(_connection, transaction);
                    foreach (DeviceTelemetry record in telemetry)
                    {
                        await table.UpsertAsync(record, cancellationToken);
                    }
                }
            },
            cancellationToken);

        Log.TelemetryAppended(_logger, telemetry.Count);
    }

    /// <inheritdoc/>
    /// <remarks>The bounds are rounded to the microsecond like stored times.</remarks>
    public async Task<IReadOnlyList<DeviceTelemetry>> ReadTelemetryAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        long from = SqliteValues.BoundToMicroseconds(fromTime, nameof(fromTime));
        long until = SqliteValues.BoundToMicroseconds(untilTime, nameof(untilTime));

        return await ReadAsync(() => TelemetryTable.ReadAsync(_connection, patientId, from, until, cancellationToken), cancellationToken);
    }

    /// <summary>Closes the file once the call in progress, if any, has finished; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (await _gate.CloseAsync())
        {
            Log.StoreClosed(_logger, _path);
        }
    }

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (ArgumentException ex)
        {
            throw new IOException($"Cannot open the LoadSense database '{path}': {ex.Message}", ex);
        }
    }

    private static void CreateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"Cannot open the LoadSense database '{path}': it is a directory, not a file.");
        }

        string? directory = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // .NET reports a file in the way as a missing path; say what is really wrong.
            string reason = FileInTheWay(directory) is { } file ? $"'{file}' is a file, not a directory." : ex.Message;
            throw new IOException($"Cannot create the directory '{directory}' for the LoadSense database '{path}': {reason}", ex);
        }
    }

    private static string? FileInTheWay(string directory)
    {
        for (string? ancestor = directory; !string.IsNullOrEmpty(ancestor); ancestor = Path.GetDirectoryName(ancestor))
        {
            if (File.Exists(ancestor))
            {
                return ancestor;
            }
        }

        return null;
    }

    private static async Task ConfigureAsync(SqliteConnection connection, string path, int busyTimeoutSeconds, ILogger logger, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();

        // PRAGMA takes no parameters; the value is a validated integer.
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000};");
        await command.ExecuteNonQueryAsync(cancellationToken);

        // journal_mode answers with the mode in force, which stays the old one where WAL is
        // impossible (e.g. a file system without shared memory).
        command.CommandText = "PRAGMA journal_mode = WAL;";
        string mode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? string.Empty;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            Log.WalUnavailable(logger, path, mode);
        }

        // In WAL mode NORMAL syncs at checkpoints only: durable against crashes of the process,
        // and at worst loses the last commits, never the file, at a power cut.
        command.CommandText = "PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="write"/> in one transaction, committed when it returns, one call at a time.</summary>
    private Task WriteAsync(Func<SqliteTransaction, Task> write, CancellationToken cancellationToken) => _gate.InTransactionAsync(write, cancellationToken);

    private Task<T> ReadAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken) => _gate.RunAsync(read, cancellationToken);
}
