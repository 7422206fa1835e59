using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoadSense.Storage.Outbox;

/// <summary>
/// A durable first-in first-out queue of opaque batches on their way to a remote store, in one
/// SQLite file (WAL, <c>synchronous=FULL</c>: a batch is on disk when <see cref="EnqueueAsync(ReadOnlyMemory{byte}, int, CancellationToken)"/>
/// returns, power cut included). A batch leaves only by <see cref="AcknowledgeAsync(long, CancellationToken)"/> (the
/// remote store accepted it) or <see cref="DeadLetterAsync"/> (it refused it for good, kept with
/// the reason). Several processes may share the file. Thread-safe.
/// </summary>
public sealed class SqliteOutbox : IAsyncDisposable
{
    private const long ApplicationId = 0x4C44534F; // "LDSO"

    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS outbox (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            enqueued_us INTEGER NOT NULL,
            points      INTEGER NOT NULL,
            payload     BLOB    NOT NULL,
            attempts    INTEGER NOT NULL DEFAULT 0,
            last_error  TEXT,
            destination TEXT    NOT NULL DEFAULT '',
            barrier     INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE TABLE IF NOT EXISTS dead_letters (
            id          INTEGER PRIMARY KEY,
            enqueued_us INTEGER NOT NULL,
            failed_us   INTEGER NOT NULL,
            points      INTEGER NOT NULL,
            payload     BLOB    NOT NULL,
            status      INTEGER NOT NULL,
            message     TEXT    NOT NULL
        ) STRICT;
        CREATE TABLE IF NOT EXISTS due_days (
            patient     TEXT    NOT NULL,
            day         TEXT    NOT NULL,
            PRIMARY KEY (patient, day)
        ) STRICT;
        PRAGMA application_id = 1279546191;
        PRAGMA user_version = 2;
        """;

    // Version 2 added routes (destination, barrier); a version 1 outbox gains the columns on opening.
    private const string MigrateTo2Sql = """
        ALTER TABLE outbox ADD COLUMN destination TEXT NOT NULL DEFAULT '';
        ALTER TABLE outbox ADD COLUMN barrier INTEGER NOT NULL DEFAULT 0;
        """;

    private readonly SqliteConnection _connection;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SqliteGate _gate;

    private SqliteOutbox(SqliteConnection connection, OutboxOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _time = time;
        _logger = logger;
        Path = connection.DataSource;
        _gate = new SqliteGate(connection, nameof(SqliteOutbox));
    }

    /// <summary>The outbox file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when missing) the outbox file of <paramref name="options"/>.</summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    /// <exception cref="IOException">The file cannot be created or opened, or is not a LoadSense outbox.</exception>
    public static async Task<SqliteOutbox> OpenAsync(OutboxOptions options, TimeProvider? time = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        cancellationToken.ThrowIfCancellationRequested();
        string path = System.IO.Path.GetFullPath(options.Path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create the directory of the outbox '{path}': {ex.Message}", ex);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = options.BusyTimeoutSeconds,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (SqliteCommand pragma = connection.CreateCommand())
            {
                // FULL, not NORMAL: the outbox's whole promise is that an acknowledged enqueue survives a power cut.
                pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {options.BusyTimeoutSeconds * 1000}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
            {
                long applicationId = await SqliteGate.ScalarAsync(connection, transaction, "PRAGMA application_id;", cancellationToken);
                long objects = await SqliteGate.ScalarAsync(connection, transaction, "SELECT count(*) FROM sqlite_schema;", cancellationToken);
                if (applicationId != ApplicationId && (applicationId != 0 || objects != 0))
                {
                    throw new IOException($"The file '{path}' is not a LoadSense outbox (application id {applicationId}, {objects} schema objects). Choose another Outbox:Path.");
                }

                long version = await SqliteGate.ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken);
                await using SqliteCommand create = connection.CreateCommand();
                create.Transaction = transaction;
                create.CommandText = version == 1 ? MigrateTo2Sql + CreateSql : CreateSql;
                await create.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return new SqliteOutbox(connection, options, time ?? TimeProvider.System, logger ?? NullLogger.Instance);
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync();
            if (ex is SqliteException sqlite)
            {
                throw new IOException($"Cannot open the outbox '{path}': {sqlite.Message}", sqlite);
            }

            throw;
        }
    }

    /// <summary>Appends a batch on the default route; it is on disk when this returns.</summary>
    /// <returns>The points now waiting on the route.</returns>
    /// <exception cref="OutboxFullException">The batch would pass <see cref="OutboxOptions.MaxPoints"/>; nothing was added.</exception>
    public Task<long> EnqueueAsync(ReadOnlyMemory<byte> payload, int points, CancellationToken cancellationToken = default) =>
        EnqueueAsync([(payload, points)], default, cancellationToken);

    /// <summary>Appends several batches on the default route in one transaction: all are on disk when this returns, or none was added.</summary>
    /// <returns>The points now waiting on the route.</returns>
    /// <exception cref="OutboxFullException">The batches would pass <see cref="OutboxOptions.MaxPoints"/>; nothing was added.</exception>
    public Task<long> EnqueueAsync(IReadOnlyList<(ReadOnlyMemory<byte> Payload, int Points)> batches, CancellationToken cancellationToken = default) =>
        EnqueueAsync(batches, default, cancellationToken);

    /// <summary>Appends several batches on <paramref name="route"/> in one transaction: all are on disk when this returns, or none was added.</summary>
    /// <returns>The points now waiting on the route's destination.</returns>
    /// <exception cref="OutboxFullException">The batches would pass the route's cap; nothing was added.</exception>
    public async Task<long> EnqueueAsync(IReadOnlyList<(ReadOnlyMemory<byte> Payload, int Points)> batches, OutboxRoute route, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        string destination = route.Destination ?? "";
        long cap = route.MaxPoints ?? _options.MaxPoints;
        long points = 0;
        foreach ((_, int count) in batches)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(batches));
            points += count;
        }

        return await _gate.RunAsync(async () =>
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            long pending;
            await using (SqliteCommand sum = _connection.CreateCommand())
            {
                sum.Transaction = transaction;
                sum.CommandText = "SELECT coalesce(sum(points), 0) FROM outbox WHERE destination = $d;";
                sum.Parameters.AddWithValue("$d", destination);
                pending = Convert.ToInt64(await sum.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            if (batches.Count == 0)
            {
                return pending;
            }

            if (pending + points > cap)
            {
                throw new OutboxFullException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The outbox '{Path}' holds {pending} points waiting to be sent{(destination.Length > 0 ? " to " + destination : "")} and may hold {cap}{(route.MaxPoints is null ? " (Outbox:MaxPoints)" : "")}; these {points} points were refused, nothing was dropped. Make the store reachable and run 'loadsense sync', or raise the cap."));
            }

            await using (SqliteCommand insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO outbox (enqueued_us, points, payload, destination, barrier) VALUES ($t, $n, $p, $d, $b);";
                insert.Parameters.Add("$t", SqliteType.Integer).Value = NowMicroseconds();
                insert.Parameters.Add("$d", SqliteType.Text).Value = destination;
                insert.Parameters.Add("$b", SqliteType.Integer).Value = route.Barrier ? 1 : 0;
                SqliteParameter count = insert.Parameters.Add("$n", SqliteType.Integer);
                SqliteParameter payload = insert.Parameters.Add("$p", SqliteType.Blob);
                foreach ((ReadOnlyMemory<byte> bytes, int n) in batches)
                {
                    count.Value = n;
                    payload.Value = bytes.ToArray();
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            long total = pending + points;
            if (total >= _options.WarnFraction * cap)
            {
                Log.OutboxNearlyFull(_logger, Path, total, cap);
            }

            return total;
        }, cancellationToken);
    }

    /// <summary>The oldest waiting batches, at most <paramref name="max"/>, in the order they were added.</summary>
    public Task<IReadOnlyList<OutboxBatch>> PeekAsync(int max, CancellationToken cancellationToken = default) =>
        PeekAsync(max, long.MaxValue, cancellationToken);

    /// <summary>
    /// The oldest waiting batches in the order they were added: at most <paramref name="max"/>, and
    /// no more than it takes to reach <paramref name="maxPoints"/> points (always at least one).
    /// </summary>
    public async Task<IReadOnlyList<OutboxBatch>> PeekAsync(int max, long maxPoints, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPoints);
        return await _gate.RunAsync(async () =>
        {
            await using SqliteCommand select = _connection.CreateCommand();
            // The running sum bounds the memory a drain holds, whatever the batches' sizes. It runs
            // over ids and counts only; payloads are read for the chosen rows alone (a backlog of
            // hundreds of MB would otherwise be read for every peek).
            select.CommandText = """
                SELECT o.id, o.payload, o.points, o.attempts, o.destination, o.barrier
                FROM (SELECT id, points, sum(points) OVER (ORDER BY id) AS running FROM outbox ORDER BY id LIMIT $max) AS w
                JOIN outbox AS o ON o.id = w.id
                WHERE w.running - w.points < $points ORDER BY o.id;
                """;
            select.Parameters.Add("$max", SqliteType.Integer).Value = max;
            select.Parameters.Add("$points", SqliteType.Integer).Value = maxPoints;
            var batches = new List<OutboxBatch>();
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batches.Add(new OutboxBatch(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4), reader.GetInt64(5) != 0));
            }

            return batches;
        }, cancellationToken);
    }

    /// <summary>Removes a batch the remote store accepted. Removing one that is gone already (another process sent it) does nothing.</summary>
    public Task AcknowledgeAsync(long id, CancellationToken cancellationToken = default) =>
        ExecuteAsync("DELETE FROM outbox WHERE id = $id;", cancellationToken, ("$id", id));

    /// <summary>Removes batches the remote store accepted together (one request), in one transaction.</summary>
    public async Task AcknowledgeAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        await _gate.InTransactionAsync(
            async transaction =>
            {
                await using SqliteCommand delete = _connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM outbox WHERE id = $id;";
                SqliteParameter id = delete.Parameters.Add("$id", SqliteType.Integer);
                foreach (long one in ids)
                {
                    id.Value = one;
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }
            },
            cancellationToken);
    }

    /// <summary>Counts a failed attempt and remembers why.</summary>
    public Task RecordFailureAsync(long id, string error, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, last_error = $e WHERE id = $id;", cancellationToken, ("$id", id), ("$e", error));

    /// <summary>Moves a batch the remote store refused for good to the dead letters, with the server's message.</summary>
    public Task DeadLetterAsync(long id, int status, string message, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            """
            INSERT OR REPLACE INTO dead_letters (id, enqueued_us, failed_us, points, payload, status, message)
                SELECT id, enqueued_us, $now, points, payload, $status, $message FROM outbox WHERE id = $id;
            DELETE FROM outbox WHERE id = $id;
            """,
            cancellationToken,
            ("$id", id),
            ("$now", NowMicroseconds()),
            ("$status", status),
            ("$message", message));

    /// <summary>Counts of waiting and dead batches.</summary>
    public async Task<OutboxStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        return await _gate.RunAsync(async () =>
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = """
                SELECT (SELECT count(*) FROM outbox), (SELECT coalesce(sum(points), 0) FROM outbox),
                       (SELECT min(enqueued_us) FROM outbox), (SELECT last_error FROM outbox ORDER BY id LIMIT 1),
                       (SELECT count(*) FROM dead_letters), (SELECT coalesce(sum(points), 0) FROM dead_letters);
                """;
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new OutboxStatus(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : FromMicroseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                _options.MaxPoints);
        }, cancellationToken);
    }

    /// <summary>The most recent dead letters, newest first, without their payloads.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return await _gate.RunAsync(async () =>
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT id, enqueued_us, failed_us, points, status, message FROM dead_letters ORDER BY failed_us DESC, id DESC LIMIT $max;";
            select.Parameters.Add("$max", SqliteType.Integer).Value = max;
            var letters = new List<DeadLetter>();
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                letters.Add(new DeadLetter(reader.GetInt64(0), FromMicroseconds(reader.GetInt64(1)), FromMicroseconds(reader.GetInt64(2)), reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5)));
            }

            return letters;
        }, cancellationToken);
    }

    /// <summary>
    /// Remembers days whose summaries could not be recomputed (the remote store was unreachable
    /// for the read-back), so that a later process recomputes them once it is back.
    /// </summary>
    public Task MarkDaysDueAsync(string patientId, IEnumerable<DateOnly> days, CancellationToken cancellationToken = default) =>
        ChangeDueDaysAsync("INSERT OR IGNORE INTO due_days (patient, day) VALUES ($p, $d);", patientId, days, cancellationToken);

    /// <summary>Forgets due days whose summaries were recomputed.</summary>
    public Task ClearDaysDueAsync(string patientId, IEnumerable<DateOnly> days, CancellationToken cancellationToken = default) =>
        ChangeDueDaysAsync("DELETE FROM due_days WHERE patient = $p AND day = $d;", patientId, days, cancellationToken);

    /// <summary>The days due for a recompute, per patient, in date order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DateOnly>>> ReadDaysDueAsync(CancellationToken cancellationToken = default)
    {
        return await _gate.RunAsync(async () =>
        {
            await using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT patient, day FROM due_days ORDER BY patient, day;";
            var due = new List<(string Patient, DateOnly Day)>();
            await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetString(0), SqliteValues.ToDate(reader.GetString(1))));
            }

            return (IReadOnlyDictionary<string, IReadOnlyList<DateOnly>>)due
                .GroupBy(d => d.Patient, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<DateOnly>)[.. g.Select(d => d.Day)], StringComparer.Ordinal);
        }, cancellationToken);
    }

    /// <summary>Closes the file once the call in progress has finished.</summary>
    public async ValueTask DisposeAsync() => await _gate.CloseAsync();

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        _gate.InTransactionAsync(
            async transaction =>
            {
                await using SqliteCommand command = _connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                foreach ((string name, object value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    private Task ChangeDueDaysAsync(string sql, string patientId, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        ArgumentNullException.ThrowIfNull(days);
        return _gate.InTransactionAsync(
            async transaction =>
            {
                await using SqliteCommand command = _connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.Add("$p", SqliteType.Text).Value = patientId;
                SqliteParameter day = command.Parameters.Add("$d", SqliteType.Text);
                foreach (DateOnly date in days)
                {
                    day.Value = SqliteValues.ToText(date);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            },
            cancellationToken);
    }

    private long NowMicroseconds() => _time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    private static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.FromUnixTimeMilliseconds(microseconds / 1000);
}
