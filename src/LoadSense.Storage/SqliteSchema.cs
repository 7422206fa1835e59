using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LoadSense.Storage;

/// <summary>
/// The tables of the store and their version. The version lives in <c>PRAGMA user_version</c>;
/// <c>PRAGMA application_id</c> marks the file as LoadSense's so that the store never writes
/// its tables into some other program's database.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const long CurrentVersion = 2;

    /// <summary>"LDSN" in ASCII.</summary>
    public const long ApplicationId = 0x4C44534E;

    // Constants rather than formatted text: PRAGMA takes no parameters. Keep in step with the values above.
    private const string StampSql = "PRAGMA application_id = 1279546190; PRAGMA user_version = 2;";

    // STRICT makes SQLite enforce the column types; WITHOUT ROWID stores each table in its
    // primary-key order, which is the order of every read. Times are integer microseconds
    // (events) or seconds (minutes) since the Unix epoch.
    private const string CreateSql = """
        CREATE TABLE events (
            patient        TEXT    NOT NULL,
            device         TEXT    NOT NULL,
            placement      TEXT    NOT NULL CHECK (placement IN ('Wrist', 'Hip', 'Other')),
            time_us        INTEGER NOT NULL,
            kind           TEXT    NOT NULL CHECK (kind IN ('Step', 'Jump', 'Lift')),
            peak_g         REAL    NOT NULL,
            load           REAL    NOT NULL,
            jump_height_cm REAL    NOT NULL,
            set_no         INTEGER NOT NULL,
            rep_no         INTEGER NOT NULL,
            PRIMARY KEY (patient, device, time_us, kind)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX events_by_time ON events (patient, time_us);

        CREATE TABLE minutes (
            patient              TEXT    NOT NULL,
            device               TEXT    NOT NULL,
            placement            TEXT    NOT NULL CHECK (placement IN ('Wrist', 'Hip', 'Other')),
            minute_start         INTEGER NOT NULL,
            samples              INTEGER NOT NULL,
            worn                 INTEGER NOT NULL CHECK (worn IN (0, 1)),
            steps                INTEGER NOT NULL,
            jumps                INTEGER NOT NULL,
            lift_reps            INTEGER NOT NULL,
            lift_sets            INTEGER NOT NULL,
            band_1               INTEGER NOT NULL,
            band_2               INTEGER NOT NULL,
            band_3               INTEGER NOT NULL,
            band_4               INTEGER NOT NULL,
            band_5               INTEGER NOT NULL,
            seconds_above_750mg  INTEGER NOT NULL,
            seconds_above_1000mg INTEGER NOT NULL,
            load_sum             REAL    NOT NULL,
            max_peak_g           REAL    NOT NULL,
            max_jump_height_cm   REAL    NOT NULL,
            jump_height_sum_cm   REAL    NOT NULL,
            PRIMARY KEY (patient, device, minute_start)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX minutes_by_start ON minutes (patient, minute_start);

        CREATE TABLE days (
            patient               TEXT    NOT NULL,
            date                  TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            steps                 INTEGER NOT NULL,
            jumps                 INTEGER NOT NULL,
            jump_sessions         INTEGER NOT NULL,
            most_jumps_in_session INTEGER NOT NULL,
            max_jump_height_cm    REAL    NOT NULL,
            mean_jump_height_cm   REAL    NOT NULL,
            lift_sets             INTEGER NOT NULL,
            lift_reps             INTEGER NOT NULL,
            band_1                INTEGER NOT NULL,
            band_2                INTEGER NOT NULL,
            band_3                INTEGER NOT NULL,
            band_4                INTEGER NOT NULL,
            band_5                INTEGER NOT NULL,
            placement             TEXT    NOT NULL CHECK (placement IN ('Wrist', 'Hip', 'Other')),
            seconds_above_750mg   INTEGER NOT NULL,
            seconds_above_1000mg  INTEGER NOT NULL,
            load                  REAL    NOT NULL,
            osteogenic_index      REAL    NOT NULL,
            wear_minutes          INTEGER NOT NULL,
            active_minutes        INTEGER NOT NULL,
            PRIMARY KEY (patient, date)
        ) STRICT, WITHOUT ROWID;
        """ + TelemetrySql;

    // Version 2 added the device telemetry; a version 1 file gains the table on opening.
    private const string TelemetrySql = """
        CREATE TABLE telemetry (
            patient          TEXT    NOT NULL,
            device           TEXT    NOT NULL,
            time_us          INTEGER NOT NULL,
            state            TEXT    NOT NULL,
            battery_pct      INTEGER,
            rssi_dbm         INTEGER,
            samples          INTEGER NOT NULL,
            lost_frames      INTEGER NOT NULL,
            malformed_frames INTEGER NOT NULL,
            gaps             INTEGER NOT NULL,
            gap_seconds      REAL    NOT NULL,
            reconnects       INTEGER NOT NULL,
            PRIMARY KEY (patient, device, time_us)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX telemetry_by_time ON telemetry (patient, time_us);
        """;

    private const string MigrateTo2Sql = TelemetrySql + "PRAGMA user_version = 2;";

    /// <summary>
    /// Creates the schema in an empty database, or checks that an existing one is a LoadSense
    /// database this code understands.
    /// </summary>
    /// <returns>The schema version of the database.</returns>
    /// <exception cref="IOException">The file is another program's database or has a newer schema.</exception>
    public static async Task<long> EnsureAsync(SqliteConnection connection, string path, ILogger logger, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) takes the write lock before looking,
        // so two processes opening a new file at once do not both create the tables.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        long applicationId = await SqliteGate.ScalarAsync(connection, transaction, "PRAGMA application_id;", cancellationToken);
        long version = await SqliteGate.ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken);
        if (applicationId == ApplicationId)
        {
            if (version > CurrentVersion)
            {
                throw new IOException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The database '{path}' has schema version {version}, written by a newer LoadSense; this version understands schema version {CurrentVersion} and older. Upgrade LoadSense or choose another database file."));
            }

            if (version < 2)
            {
                await using SqliteCommand migrate = connection.CreateCommand();
                migrate.Transaction = transaction;
                migrate.CommandText = MigrateTo2Sql;
                await migrate.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                Log.SchemaMigrated(logger, path, version, CurrentVersion);
                return CurrentVersion;
            }

            return version;
        }

        long objects = await SqliteGate.ScalarAsync(connection, transaction, "SELECT count(*) FROM sqlite_schema;", cancellationToken);
        if (applicationId != 0 || version != 0 || objects != 0)
        {
            throw new IOException(string.Create(
                CultureInfo.InvariantCulture,
                $"The file '{path}' is an SQLite database of another program (application id {applicationId}, user version {version}, {objects} schema objects), not a LoadSense database. Choose another database file."));
        }

        await using (SqliteCommand create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = CreateSql + StampSql;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Log.SchemaCreated(logger, path, CurrentVersion);
        return CurrentVersion;
    }
}
