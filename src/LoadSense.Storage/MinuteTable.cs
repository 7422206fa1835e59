using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LoadSense.Storage;

/// <summary>The minutes table: one prepared upsert reused for every minute of a batch, and the range read.</summary>
internal sealed class MinuteTable : IAsyncDisposable
{
    private const string UpsertSql = """
        INSERT INTO minutes (
            patient, device, placement, minute_start, samples, worn, steps, jumps, lift_reps, lift_sets,
            band_1, band_2, band_3, band_4, band_5, seconds_above_750mg, seconds_above_1000mg,
            load_sum, max_peak_g, max_jump_height_cm, jump_height_sum_cm)
        VALUES (
            $patient, $device, $placement, $minute_start, $samples, $worn, $steps, $jumps, $lift_reps, $lift_sets,
            $band_1, $band_2, $band_3, $band_4, $band_5, $seconds_above_750mg, $seconds_above_1000mg,
            $load_sum, $max_peak_g, $max_jump_height_cm, $jump_height_sum_cm)
        ON CONFLICT (patient, device, minute_start) DO UPDATE SET
            placement = excluded.placement,
            samples = excluded.samples,
            worn = excluded.worn,
            steps = excluded.steps,
            jumps = excluded.jumps,
            lift_reps = excluded.lift_reps,
            lift_sets = excluded.lift_sets,
            band_1 = excluded.band_1,
            band_2 = excluded.band_2,
            band_3 = excluded.band_3,
            band_4 = excluded.band_4,
            band_5 = excluded.band_5,
            seconds_above_750mg = excluded.seconds_above_750mg,
            seconds_above_1000mg = excluded.seconds_above_1000mg,
            load_sum = excluded.load_sum,
            max_peak_g = excluded.max_peak_g,
            max_jump_height_cm = excluded.max_jump_height_cm,
            jump_height_sum_cm = excluded.jump_height_sum_cm;
        """;

    private const string SelectSql = """
        SELECT device, placement, minute_start, samples, worn, steps, jumps, lift_reps, lift_sets,
            band_1, band_2, band_3, band_4, band_5, seconds_above_750mg, seconds_above_1000mg,
            load_sum, max_peak_g, max_jump_height_cm, jump_height_sum_cm
        FROM minutes
        WHERE patient = $patient AND minute_start >= $from AND minute_start < $until
        ORDER BY minute_start, device;
        """;

    private readonly SqliteCommand _upsert;
    private readonly SqliteParameter _minuteStart;
    private readonly SqliteParameter _samples;
    private readonly SqliteParameter _worn;
    private readonly SqliteParameter _steps;
    private readonly SqliteParameter _jumps;
    private readonly SqliteParameter _liftReps;
    private readonly SqliteParameter _liftSets;
    private readonly SqliteParameter[] _bands = new SqliteParameter[ImpactBands.MaxBands];
    private readonly SqliteParameter _secondsAbove750Mg;
    private readonly SqliteParameter _secondsAbove1000Mg;
    private readonly SqliteParameter _loadSum;
    private readonly SqliteParameter _maxPeak;
    private readonly SqliteParameter _maxJumpHeight;
    private readonly SqliteParameter _jumpHeightSum;

    /// <summary>Prepares the upsert of one device's minutes inside a write transaction.</summary>
    public MinuteTable(SqliteConnection connection, SqliteTransaction transaction, string patientId, string deviceId, Placement placement)
    {
        _upsert = connection.CreateCommand();
        _upsert.Transaction = transaction;
        _upsert.CommandText = UpsertSql;
        SqliteParameterCollection p = _upsert.Parameters;
        p.Add("$patient", SqliteType.Text).Value = patientId;
        p.Add("$device", SqliteType.Text).Value = deviceId;
        p.Add("$placement", SqliteType.Text).Value = SqliteValues.ToText(placement);
        _minuteStart = p.Add("$minute_start", SqliteType.Integer);
        _samples = p.Add("$samples", SqliteType.Integer);
        _worn = p.Add("$worn", SqliteType.Integer);
        _steps = p.Add("$steps", SqliteType.Integer);
        _jumps = p.Add("$jumps", SqliteType.Integer);
        _liftReps = p.Add("$lift_reps", SqliteType.Integer);
        _liftSets = p.Add("$lift_sets", SqliteType.Integer);
        _bands[0] = p.Add("$band_1", SqliteType.Integer);
        _bands[1] = p.Add("$band_2", SqliteType.Integer);
        _bands[2] = p.Add("$band_3", SqliteType.Integer);
        _bands[3] = p.Add("$band_4", SqliteType.Integer);
        _bands[4] = p.Add("$band_5", SqliteType.Integer);
        _secondsAbove750Mg = p.Add("$seconds_above_750mg", SqliteType.Integer);
        _secondsAbove1000Mg = p.Add("$seconds_above_1000mg", SqliteType.Integer);
        _loadSum = p.Add("$load_sum", SqliteType.Real);
        _maxPeak = p.Add("$max_peak_g", SqliteType.Real);
        _maxJumpHeight = p.Add("$max_jump_height_cm", SqliteType.Real);
        _jumpHeightSum = p.Add("$jump_height_sum_cm", SqliteType.Real);
        _upsert.Prepare();
    }

    /// <summary>Inserts or replaces one minute.</summary>
    /// <exception cref="ArgumentException">The minute has more than <see cref="ImpactBands.MaxBands"/> band counts.</exception>
    public Task<int> UpsertAsync(MinuteAggregate minute, CancellationToken cancellationToken)
    {
        SqliteValues.CheckBands(minute.ImpactBandCounts, "A minute");
        _minuteStart.Value = minute.MinuteStart;
        _samples.Value = minute.Samples;
        _worn.Value = minute.Worn ? 1 : 0;
        _steps.Value = minute.Steps;
        _jumps.Value = minute.Jumps;
        _liftReps.Value = minute.LiftReps;
        _liftSets.Value = minute.LiftSets;
        for (int band = 0; band < _bands.Length; band++)
        {
            _bands[band].Value = SqliteValues.Band(minute.ImpactBandCounts, band);
        }

        _secondsAbove750Mg.Value = minute.SecondsAbove750Mg;
        _secondsAbove1000Mg.Value = minute.SecondsAbove1000Mg;
        _loadSum.Value = minute.LoadSum;
        _maxPeak.Value = (double)minute.MaxPeakG;
        _maxJumpHeight.Value = (double)minute.MaxJumpHeightCm;
        _jumpHeightSum.Value = (double)minute.JumpHeightSumCm;
        return _upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Minutes of a patient with from ≤ minute_start &lt; until, in time order.</summary>
    public static Task<IReadOnlyList<DeviceMinute>> ReadAsync(
        SqliteConnection connection, string patientId, long fromMinute, long untilMinute, CancellationToken cancellationToken) =>
        SqliteValues.ReadRangeAsync(connection, SelectSql, patientId, fromMinute, untilMinute, reader =>
        {
            var minute = new MinuteAggregate
            {
                MinuteStart = reader.GetInt64(2),
                Samples = reader.GetInt32(3),
                Worn = reader.GetInt64(4) != 0,
                Steps = reader.GetInt32(5),
                Jumps = reader.GetInt32(6),
                LiftReps = reader.GetInt32(7),
                LiftSets = reader.GetInt32(8),
                ImpactBandCounts = [reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13)],
                SecondsAbove750Mg = reader.GetInt32(14),
                SecondsAbove1000Mg = reader.GetInt32(15),
                LoadSum = reader.GetDouble(16),
                MaxPeakG = (float)reader.GetDouble(17),
                MaxJumpHeightCm = (float)reader.GetDouble(18),
                JumpHeightSumCm = (float)reader.GetDouble(19),
            };
            return new DeviceMinute(reader.GetString(0), SqliteValues.ToPlacement(reader.GetString(1)), minute);
        }, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _upsert.DisposeAsync();
}
