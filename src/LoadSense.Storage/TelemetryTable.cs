using LoadSense.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LoadSense.Storage;

/// <summary>The telemetry table: one prepared upsert reused for every record of a call, and the range read.</summary>
internal sealed class TelemetryTable : IAsyncDisposable
{
    private const string UpsertSql = """
        INSERT INTO telemetry (patient, device, time_us, state, battery_pct, rssi_dbm, samples, lost_frames, malformed_frames, gaps, gap_seconds, reconnects)
        VALUES ($patient, $device, $time_us, $state, $battery_pct, $rssi_dbm, $samples, $lost_frames, $malformed_frames, $gaps, $gap_seconds, $reconnects)
        ON CONFLICT (patient, device, time_us) DO UPDATE SET
            state = excluded.state,
            battery_pct = excluded.battery_pct,
            rssi_dbm = excluded.rssi_dbm,
            samples = excluded.samples,
            lost_frames = excluded.lost_frames,
            malformed_frames = excluded.malformed_frames,
            gaps = excluded.gaps,
            gap_seconds = excluded.gap_seconds,
            reconnects = excluded.reconnects;
        """;

    private const string SelectSql = """
        SELECT device, time_us, state, battery_pct, rssi_dbm, samples, lost_frames, malformed_frames, gaps, gap_seconds, reconnects
        FROM telemetry
        WHERE patient = $patient AND time_us >= $from AND time_us < $until
        ORDER BY time_us, device;
        """;

    private readonly SqliteCommand _upsert;
    private readonly SqliteParameter[] _values;

    /// <summary>Prepares the upsert inside a write transaction.</summary>
    public TelemetryTable(SqliteConnection connection, SqliteTransaction transaction)
    {
        _upsert = connection.CreateCommand();
        _upsert.Transaction = transaction;
        _upsert.CommandText = UpsertSql;
        SqliteParameterCollection p = _upsert.Parameters;
        _values =
        [
            p.Add("$patient", SqliteType.Text),
            p.Add("$device", SqliteType.Text),
            p.Add("$time_us", SqliteType.Integer),
            p.Add("$state", SqliteType.Text),
            p.Add("$battery_pct", SqliteType.Integer),
            p.Add("$rssi_dbm", SqliteType.Integer),
            p.Add("$samples", SqliteType.Integer),
            p.Add("$lost_frames", SqliteType.Integer),
            p.Add("$malformed_frames", SqliteType.Integer),
            p.Add("$gaps", SqliteType.Integer),
            p.Add("$gap_seconds", SqliteType.Real),
            p.Add("$reconnects", SqliteType.Integer),
        ];
        _upsert.Prepare();
    }

    /// <summary>Inserts or replaces one record (same patient, device and time to the microsecond).</summary>
    public Task<int> UpsertAsync(DeviceTelemetry t, CancellationToken cancellationToken)
    {
        _values[0].Value = t.PatientId;
        _values[1].Value = t.DeviceId;
        _values[2].Value = SqliteValues.ToMicroseconds(t.Time);
        _values[3].Value = t.State;
        _values[4].Value = t.BatteryPercent is { } battery ? battery : DBNull.Value;
        _values[5].Value = t.RssiDbm is { } rssi ? rssi : DBNull.Value;
        _values[6].Value = t.Samples;
        _values[7].Value = t.LostFrames;
        _values[8].Value = t.MalformedFrames;
        _values[9].Value = t.Gaps;
        _values[10].Value = t.GapSeconds;
        _values[11].Value = t.Reconnects;
        return _upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records of a patient with from ≤ time_us &lt; until, in time order, then device order.</summary>
    public static Task<IReadOnlyList<DeviceTelemetry>> ReadAsync(
        SqliteConnection connection, string patientId, long fromMicroseconds, long untilMicroseconds, CancellationToken cancellationToken) =>
        SqliteValues.ReadRangeAsync(connection, SelectSql, patientId, fromMicroseconds, untilMicroseconds, reader => new DeviceTelemetry(
            PatientId: patientId,
            DeviceId: reader.GetString(0),
            Time: SqliteValues.ToSeconds(reader.GetInt64(1)),
            State: reader.GetString(2),
            BatteryPercent: reader.IsDBNull(3) ? null : reader.GetInt32(3),
            RssiDbm: reader.IsDBNull(4) ? null : reader.GetInt32(4),
            Samples: reader.GetInt64(5),
            LostFrames: reader.GetInt64(6),
            MalformedFrames: reader.GetInt64(7),
            Gaps: reader.GetInt64(8),
            GapSeconds: reader.GetDouble(9),
            Reconnects: reader.GetInt64(10)), cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _upsert.DisposeAsync();
}
