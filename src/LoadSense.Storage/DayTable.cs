using LoadSense.Core.Scoring;
using Microsoft.Data.Sqlite;

namespace LoadSense.Storage;

/// <summary>The days table: one prepared upsert reused for every day of a call, and the range read.</summary>
internal sealed class DayTable : IAsyncDisposable
{
    private const string UpsertSql = """
        INSERT INTO days (
            patient, date, steps, jumps, jump_sessions, most_jumps_in_session, max_jump_height_cm,
            mean_jump_height_cm, lift_sets, lift_reps, band_1, band_2, band_3, band_4, band_5, placement,
            seconds_above_750mg, seconds_above_1000mg, load, osteogenic_index, wear_minutes, active_minutes)
        VALUES (
            $patient, $date, $steps, $jumps, $jump_sessions, $most_jumps_in_session, $max_jump_height_cm,
            $mean_jump_height_cm, $lift_sets, $lift_reps, $band_1, $band_2, $band_3, $band_4, $band_5, $placement,
            $seconds_above_750mg, $seconds_above_1000mg, $load, $osteogenic_index, $wear_minutes, $active_minutes)
        ON CONFLICT (patient, date) DO UPDATE SET
            steps = excluded.steps,
            jumps = excluded.jumps,
            jump_sessions = excluded.jump_sessions,
            most_jumps_in_session = excluded.most_jumps_in_session,
            max_jump_height_cm = excluded.max_jump_height_cm,
            mean_jump_height_cm = excluded.mean_jump_height_cm,
            lift_sets = excluded.lift_sets,
            lift_reps = excluded.lift_reps,
            band_1 = excluded.band_1,
            band_2 = excluded.band_2,
            band_3 = excluded.band_3,
            band_4 = excluded.band_4,
            band_5 = excluded.band_5,
            placement = excluded.placement,
            seconds_above_750mg = excluded.seconds_above_750mg,
            seconds_above_1000mg = excluded.seconds_above_1000mg,
            load = excluded.load,
            osteogenic_index = excluded.osteogenic_index,
            wear_minutes = excluded.wear_minutes,
            active_minutes = excluded.active_minutes;
        """;

    // yyyy-MM-dd text sorts like the date, so the range and the order work on the text.
    private const string SelectSql = """
        SELECT date, steps, jumps, jump_sessions, most_jumps_in_session, max_jump_height_cm,
            mean_jump_height_cm, lift_sets, lift_reps, band_1, band_2, band_3, band_4, band_5, placement,
            seconds_above_750mg, seconds_above_1000mg, load, osteogenic_index, wear_minutes, active_minutes
        FROM days
        WHERE patient = $patient AND date >= $first AND date <= $last
        ORDER BY date;
        """;

    private readonly SqliteCommand _upsert;
    private readonly SqliteParameter _date;
    private readonly SqliteParameter _steps;
    private readonly SqliteParameter _jumps;
    private readonly SqliteParameter _jumpSessions;
    private readonly SqliteParameter _mostJumpsInSession;
    private readonly SqliteParameter _maxJumpHeight;
    private readonly SqliteParameter _meanJumpHeight;
    private readonly SqliteParameter _liftSets;
    private readonly SqliteParameter _liftReps;
    private readonly SqliteParameter[] _bands = new SqliteParameter[ImpactBands.MaxBands];
    private readonly SqliteParameter _placement;
    private readonly SqliteParameter _secondsAbove750Mg;
    private readonly SqliteParameter _secondsAbove1000Mg;
    private readonly SqliteParameter _load;
    private readonly SqliteParameter _osteogenicIndex;
    private readonly SqliteParameter _wearMinutes;
    private readonly SqliteParameter _activeMinutes;

    /// <summary>Prepares the upsert of one patient's days inside a write transaction.</summary>
    public DayTable(SqliteConnection connection, SqliteTransaction transaction, string patientId)
    {
        _upsert = connection.CreateCommand();
        _upsert.Transaction = transaction;
        _upsert.CommandText = UpsertSql;
        SqliteParameterCollection p = _upsert.Parameters;
        p.Add("$patient", SqliteType.Text).Value = patientId;
        _date = p.Add("$date", SqliteType.Text);
        _steps = p.Add("$steps", SqliteType.Integer);
        _jumps = p.Add("$jumps", SqliteType.Integer);
        _jumpSessions = p.Add("$jump_sessions", SqliteType.Integer);
        _mostJumpsInSession = p.Add("$most_jumps_in_session", SqliteType.Integer);
        _maxJumpHeight = p.Add("$max_jump_height_cm", SqliteType.Real);
        _meanJumpHeight = p.Add("$mean_jump_height_cm", SqliteType.Real);
        _liftSets = p.Add("$lift_sets", SqliteType.Integer);
        _liftReps = p.Add("$lift_reps", SqliteType.Integer);
        _bands[0] = p.Add("$band_1", SqliteType.Integer);
        _bands[1] = p.Add("$band_2", SqliteType.Integer);
        _bands[2] = p.Add("$band_3", SqliteType.Integer);
        _bands[3] = p.Add("$band_4", SqliteType.Integer);
        _bands[4] = p.Add("$band_5", SqliteType.Integer);
        _placement = p.Add("$placement", SqliteType.Text);
        _secondsAbove750Mg = p.Add("$seconds_above_750mg", SqliteType.Integer);
        _secondsAbove1000Mg = p.Add("$seconds_above_1000mg", SqliteType.Integer);
        _load = p.Add("$load", SqliteType.Real);
        _osteogenicIndex = p.Add("$osteogenic_index", SqliteType.Real);
        _wearMinutes = p.Add("$wear_minutes", SqliteType.Integer);
        _activeMinutes = p.Add("$active_minutes", SqliteType.Integer);
        _upsert.Prepare();
    }

    /// <summary>Inserts or replaces one day.</summary>
    /// <exception cref="ArgumentException">The day has more than <see cref="ImpactBands.MaxBands"/> band counts.</exception>
    public Task<int> UpsertAsync(DailySummary day, CancellationToken cancellationToken)
    {
        SqliteValues.CheckBands(day.ImpactBandCounts, "A day");
        _date.Value = SqliteValues.ToText(day.Date);
        _steps.Value = day.Steps;
        _jumps.Value = day.Jumps;
        _jumpSessions.Value = day.JumpSessions;
        _mostJumpsInSession.Value = day.MostJumpsInSession;
        _maxJumpHeight.Value = (double)day.MaxJumpHeightCm;
        _meanJumpHeight.Value = (double)day.MeanJumpHeightCm;
        _liftSets.Value = day.LiftSets;
        _liftReps.Value = day.LiftReps;
        for (int band = 0; band < _bands.Length; band++)
        {
            _bands[band].Value = SqliteValues.Band(day.ImpactBandCounts, band);
        }

        _placement.Value = SqliteValues.ToText(day.Placement);
        _secondsAbove750Mg.Value = day.SecondsAbove750Mg;
        _secondsAbove1000Mg.Value = day.SecondsAbove1000Mg;
        _load.Value = day.Load;
        _osteogenicIndex.Value = day.OsteogenicIndex;
        _wearMinutes.Value = day.WearMinutes;
        _activeMinutes.Value = day.ActiveMinutes;
        return _upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Days of a patient with first ≤ date ≤ last, in date order.</summary>
    public static async Task<IReadOnlyList<DailySummary>> ReadAsync(
        SqliteConnection connection, string patientId, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        await using SqliteCommand select = connection.CreateCommand();
        select.CommandText = SelectSql;
        select.Parameters.Add("$patient", SqliteType.Text).Value = patientId;
        select.Parameters.Add("$first", SqliteType.Text).Value = SqliteValues.ToText(firstDay);
        select.Parameters.Add("$last", SqliteType.Text).Value = SqliteValues.ToText(lastDay);

        var days = new List<DailySummary>();
        await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new DailySummary
            {
                Date = SqliteValues.ToDate(reader.GetString(0)),
                Steps = reader.GetInt32(1),
                Jumps = reader.GetInt32(2),
                JumpSessions = reader.GetInt32(3),
                MostJumpsInSession = reader.GetInt32(4),
                MaxJumpHeightCm = (float)reader.GetDouble(5),
                MeanJumpHeightCm = (float)reader.GetDouble(6),
                LiftSets = reader.GetInt32(7),
                LiftReps = reader.GetInt32(8),
                ImpactBandCounts = [reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13)],
                Placement = SqliteValues.ToPlacement(reader.GetString(14)),
                SecondsAbove750Mg = reader.GetInt32(15),
                SecondsAbove1000Mg = reader.GetInt32(16),
                Load = reader.GetDouble(17),
                OsteogenicIndex = reader.GetDouble(18),
                WearMinutes = reader.GetInt32(19),
                ActiveMinutes = reader.GetInt32(20),
            });
        }

        return days;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _upsert.DisposeAsync();
}
