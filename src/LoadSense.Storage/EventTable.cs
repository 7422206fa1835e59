using LoadSense.Core;
using Microsoft.Data.Sqlite;

namespace LoadSense.Storage;

/// <summary>The events table: one prepared upsert reused for every event of a batch, and the range read.</summary>
internal sealed class EventTable : IAsyncDisposable
{
    private const string UpsertSql = """
        INSERT INTO events (patient, device, placement, time_us, kind, peak_g, load, jump_height_cm, set_no, rep_no)
        VALUES ($patient, $device, $placement, $time_us, $kind, $peak_g, $load, $jump_height_cm, $set_no, $rep_no)
        ON CONFLICT (patient, device, time_us, kind) DO UPDATE SET
            placement = excluded.placement,
            peak_g = excluded.peak_g,
            load = excluded.load,
            jump_height_cm = excluded.jump_height_cm,
            set_no = excluded.set_no,
            rep_no = excluded.rep_no;
        """;

    private const string SelectSql = """
        SELECT time_us, kind, peak_g, load, jump_height_cm, set_no, rep_no
        FROM events
        WHERE patient = $patient AND time_us >= $from AND time_us < $until
        ORDER BY time_us, device, kind;
        """;

    private readonly SqliteCommand _upsert;
    private readonly SqliteParameter _time;
    private readonly SqliteParameter _kind;
    private readonly SqliteParameter _peak;
    private readonly SqliteParameter _load;
    private readonly SqliteParameter _jumpHeight;
    private readonly SqliteParameter _set;
    private readonly SqliteParameter _rep;

    /// <summary>Prepares the upsert of one device's events inside a write transaction.</summary>
    public EventTable(SqliteConnection connection, SqliteTransaction transaction, string patientId, string deviceId, Placement placement)
    {
        _upsert = connection.CreateCommand();
        _upsert.Transaction = transaction;
        _upsert.CommandText = UpsertSql;
        _upsert.Parameters.Add("$patient", SqliteType.Text).Value = patientId;
        _upsert.Parameters.Add("$device", SqliteType.Text).Value = deviceId;
        _upsert.Parameters.Add("$placement", SqliteType.Text).Value = SqliteValues.ToText(placement);
        _time = _upsert.Parameters.Add("$time_us", SqliteType.Integer);
        _kind = _upsert.Parameters.Add("$kind", SqliteType.Text);
        _peak = _upsert.Parameters.Add("$peak_g", SqliteType.Real);
        _load = _upsert.Parameters.Add("$load", SqliteType.Real);
        _jumpHeight = _upsert.Parameters.Add("$jump_height_cm", SqliteType.Real);
        _set = _upsert.Parameters.Add("$set_no", SqliteType.Integer);
        _rep = _upsert.Parameters.Add("$rep_no", SqliteType.Integer);
        _upsert.Prepare();
    }

    /// <summary>Inserts or replaces one event.</summary>
    public Task<int> UpsertAsync(LoadEvent loadEvent, CancellationToken cancellationToken)
    {
        _time.Value = SqliteValues.ToMicroseconds(loadEvent.Time);
        _kind.Value = SqliteValues.ToText(loadEvent.Kind);
        _peak.Value = (double)loadEvent.PeakG;
        _load.Value = (double)loadEvent.Load;
        _jumpHeight.Value = (double)loadEvent.JumpHeightCm;
        _set.Value = loadEvent.Set;
        _rep.Value = loadEvent.Rep;
        return _upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Events of a patient with from ≤ time_us &lt; until, in time order.</summary>
    public static Task<IReadOnlyList<LoadEvent>> ReadAsync(
        SqliteConnection connection, string patientId, long fromMicroseconds, long untilMicroseconds, CancellationToken cancellationToken) =>
        SqliteValues.ReadRangeAsync(connection, SelectSql, patientId, fromMicroseconds, untilMicroseconds, reader => new LoadEvent(
            Time: SqliteValues.ToSeconds(reader.GetInt64(0)),
            Kind: SqliteValues.ToKind(reader.GetString(1)),
            PeakG: (float)reader.GetDouble(2),
            Load: (float)reader.GetDouble(3),
            JumpHeightCm: (float)reader.GetDouble(4),
            Set: reader.GetInt32(5),
            Rep: reader.GetInt32(6)), cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _upsert.DisposeAsync();
}
