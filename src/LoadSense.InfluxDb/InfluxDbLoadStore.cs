using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Http;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoadSense.InfluxDb;

/// <summary>
/// Keeps results in InfluxDB through its v1-compatible HTTP API: writes are line protocol
/// (schema in <see cref="InfluxSchema"/>), reads are InfluxQL. A write returns once InfluxDB
/// acknowledged it; it is idempotent because the same event, minute or day always becomes the
/// same series and timestamp. On its own this store does not survive an unreachable server:
/// wrap it in <see cref="Outbox.OutboxLoadStore"/> for that.
/// </summary>
public sealed class InfluxDbLoadStore : ILoadStore
{
    private readonly InfluxDbOptions _options;
    private readonly ILogger _logger;
    private bool _disposed;

    private InfluxDbLoadStore(InfluxDbOptions options, InfluxDbClient client, ILogger logger)
    {
        _options = options;
        Client = client;
        _logger = logger;
    }

    /// <summary>The server's base URL, for messages.</summary>
    public string Url => Client.BaseUrl;

    internal InfluxDbClient Client { get; }

    internal int BatchPoints => _options.BatchPoints;

    /// <summary>
    /// Creates the store and, on InfluxDB 1.x, the database when it is missing. An unreachable
    /// server does not stop it opening (it is logged); the first write or read reports it.
    /// </summary>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    /// <exception cref="IOException">The token file cannot be read.</exception>
    public static async Task<InfluxDbLoadStore> OpenAsync(InfluxDbOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        cancellationToken.ThrowIfCancellationRequested();
        logger ??= NullLogger.Instance;
        var store = new InfluxDbLoadStore(options, new InfluxDbClient(options), logger);
        Log.StoreOpened(logger, store.Url, options.Database);
        await store.TryEnsureDatabaseAsync(cancellationToken);
        return store;
    }

    /// <summary>
    /// Runs <c>CREATE DATABASE</c> (a no-op when it exists; InfluxDB 1.x only). Returns false,
    /// with the reason logged, where the server cannot do it (unreachable, 2.x/3.x, no admin rights).
    /// </summary>
    public async Task<bool> TryEnsureDatabaseAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            using JsonDocument _ = await Client.QueryAsync("CREATE DATABASE " + InfluxSchema.Identifier(_options.Database), cancellationToken);
            return true;
        }
        catch (InfluxDbException ex)
        {
            Log.DatabaseNotEnsured(_logger, Url, _options.Database, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Runs <c>CREATE RETENTION POLICY</c> for <paramref name="name"/> with <paramref name="days"/>
    /// days, not the default (InfluxDB 1.x only; a no-op when it exists with that duration).
    /// Returns false, with the reason logged, where the server cannot or will not (2.x/3.x, no
    /// admin rights, a policy of that name with another duration, which is then kept).
    /// </summary>
    public async Task<bool> TryEnsureRetentionPolicyAsync(string name, int days, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            string create = $"CREATE RETENTION POLICY {InfluxSchema.Identifier(name)} ON {InfluxSchema.Identifier(_options.Database)} DURATION {InfluxSchema.Number(days)}d REPLICATION 1";
            using JsonDocument _ = await Client.QueryAsync(create, cancellationToken);
            return true;
        }
        catch (InfluxDbException ex)
        {
            Log.RetentionPolicyNotEnsured(_logger, Url, name, ex.Message);
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task AppendAsync(PatientBatch batch, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        Encode(writer, batch);
        cancellationToken.ThrowIfCancellationRequested();
        await WriteLinesAsync(writer, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task UpsertDaysAsync(string patientId, IReadOnlyList<DailySummary> days, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        Encode(writer, patientId, days);
        cancellationToken.ThrowIfCancellationRequested();
        await WriteLinesAsync(writer, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AppendTelemetryAsync(IReadOnlyList<DeviceTelemetry> telemetry, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        Encode(writer, telemetry);
        cancellationToken.ThrowIfCancellationRequested();
        await WriteLinesAsync(writer, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>The bounds are rounded to the microsecond like stored times.</remarks>
    public async Task<IReadOnlyList<DeviceTelemetry>> ReadTelemetryAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default)
    {
        var records = new List<DeviceTelemetry>();
        await ForEachRowAsync(InfluxSchema.Telemetry, patientId, (fromTime, nameof(fromTime)), (untilTime, nameof(untilTime)), row => records.Add(new DeviceTelemetry(
            PatientId: patientId,
            DeviceId: row.String("device") ?? "",
            Time: row.Time / 1e6,
            State: row.String("state") ?? "",
            BatteryPercent: row.OptionalDouble("battery_pct") is { } battery ? (int)battery : null,
            RssiDbm: row.OptionalDouble("rssi_dbm") is { } rssi ? (int)rssi : null,
            Samples: row.Long("samples"),
            LostFrames: row.Long("lost_frames"),
            MalformedFrames: row.Long("malformed_frames"),
            Gaps: row.Long("gaps"),
            GapSeconds: row.Double("gap_seconds"),
            Reconnects: row.Long("reconnects"))), cancellationToken);

        return [.. records.OrderBy(r => r.Time).ThenBy(r => r.DeviceId, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    /// <remarks>The bounds are rounded to the microsecond like stored event times.</remarks>
    public async Task<IReadOnlyList<LoadEvent>> ReadEventsAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default)
    {
        var rows = new List<(LoadEvent Event, string Device)>();
        await ForEachRowAsync(InfluxSchema.Events, patientId, (fromTime, nameof(fromTime)), (untilTime, nameof(untilTime)), row => rows.Add((
            new LoadEvent(
                Time: row.Time / 1e6,
                Kind: InfluxSchema.ToKind(row.String("kind")),
                PeakG: (float)row.Double("peak_g"),
                Load: (float)row.Double("load"),
                JumpHeightCm: (float)row.Double("jump_height_cm"),
                Set: row.Int("set_no"),
                Rep: row.Int("rep_no")),
            row.String("device") ?? "")), cancellationToken);

        // InfluxDB orders by time only; ties go in the SQLite store's order (device, then kind).
        return [.. rows.OrderBy(r => r.Event.Time).ThenBy(r => r.Device, StringComparer.Ordinal).ThenBy(r => r.Event.Kind).Select(r => r.Event)];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeviceMinute>> ReadMinutesAsync(string patientId, long fromMinute, long untilMinute, CancellationToken cancellationToken = default)
    {
        var minutes = new List<DeviceMinute>();
        await ForEachRowAsync(InfluxSchema.Minutes, patientId, (fromMinute, nameof(fromMinute)), (untilMinute, nameof(untilMinute)), row => minutes.Add(new DeviceMinute(
            row.String("device") ?? "",
            InfluxSchema.ToPlacement(row.String("placement")),
            new MinuteAggregate
            {
                MinuteStart = row.Time / 1_000_000,
                Samples = row.Int("samples"),
                Worn = row.Bool("worn"),
                Steps = row.Int("steps"),
                Jumps = row.Int("jumps"),
                LiftReps = row.Int("lift_reps"),
                LiftSets = row.Int("lift_sets"),
                ImpactBandCounts = Bands(row),
                SecondsAbove750Mg = row.Int("seconds_above_750mg"),
                SecondsAbove1000Mg = row.Int("seconds_above_1000mg"),
                LoadSum = row.Double("load_sum"),
                MaxPeakG = (float)row.Double("max_peak_g"),
                MaxJumpHeightCm = (float)row.Double("max_jump_height_cm"),
                JumpHeightSumCm = (float)row.Double("jump_height_sum_cm"),
            })), cancellationToken);

        return [.. minutes.OrderBy(m => m.Minute.MinuteStart).ThenBy(m => m.DeviceId, StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DailySummary>> ReadDaysAsync(string patientId, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (firstDay > lastDay)
        {
            return [];
        }

        long from = InfluxSchema.DayBoundToNanoseconds(firstDay);
        long until = InfluxSchema.DayBoundToNanoseconds(lastDay);
        var days = new List<DailySummary>();
        using JsonDocument answer = await Client.QueryAsync(Select(InfluxSchema.Days, patientId, from, until, untilInclusive: true), cancellationToken);
        QueryRows.ForEach(answer, row => days.Add(new DailySummary
        {
            Date = InfluxSchema.DayOf(row.Time),
            Steps = row.Int("steps"),
            Jumps = row.Int("jumps"),
            JumpSessions = row.Int("jump_sessions"),
            MostJumpsInSession = row.Int("most_jumps_in_session"),
            MaxJumpHeightCm = (float)row.Double("max_jump_height_cm"),
            MeanJumpHeightCm = (float)row.Double("mean_jump_height_cm"),
            LiftSets = row.Int("lift_sets"),
            LiftReps = row.Int("lift_reps"),
            ImpactBandCounts = Bands(row),
            Placement = InfluxSchema.ToPlacement(row.String("placement")),
            SecondsAbove750Mg = row.Int("seconds_above_750mg"),
            SecondsAbove1000Mg = row.Int("seconds_above_1000mg"),
            Load = row.Double("load"),
            OsteogenicIndex = row.Double("osteogenic_index"),
            WearMinutes = row.Int("wear_minutes"),
            ActiveMinutes = row.Int("active_minutes"),
        }));

        return [.. days.OrderBy(d => d.Date)];
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            Client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Encodes a batch as line protocol after checking it as the SQLite store does.</summary>
    internal static void Encode(LineProtocolWriter writer, PatientBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.PatientId, nameof(batch));
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.DeviceId, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Events, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Minutes, nameof(batch));
        InfluxSchema.Write(writer, batch);
    }

    /// <summary>Encodes a patient's days as line protocol.</summary>
    internal static void Encode(LineProtocolWriter writer, string patientId, IReadOnlyList<DailySummary> days)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentNullException.ThrowIfNull(days);
        InfluxSchema.Write(writer, patientId, days);
    }

    /// <summary>Encodes device telemetry as line protocol after checking it as the SQLite store does.</summary>
    internal static void Encode(LineProtocolWriter writer, IReadOnlyList<DeviceTelemetry> telemetry)
    {
        DeviceTelemetry.CheckAll(telemetry);
        InfluxSchema.Write(writer, telemetry);
    }

    /// <summary>
    /// Writes encoded points in requests of at most <see cref="InfluxDbOptions.BatchPoints"/>
    /// points, up to <see cref="InfluxDbOptions.MaxParallelWrites"/> at once, into
    /// <paramref name="retentionPolicy"/> (null: the configured one).
    /// </summary>
    internal async Task WriteLinesAsync(LineProtocolWriter writer, CancellationToken cancellationToken, string? retentionPolicy = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelWrites, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(LineBatches.Split(writer.WrittenMemory, _options.BatchPoints), parallel, async (batch, token) =>
        {
            await Client.WriteAsync(batch.Lines, retentionPolicy, token);
            Log.PointsWritten(_logger, batch.Points);
        });
    }

    /// <summary>Runs <c>SELECT *</c> on a patient's points with from ≤ time &lt; until (seconds, rounded to the microsecond) and hands over every row.</summary>
    private async Task ForEachRowAsync(
        string measurement, string patientId, (double Seconds, string Name) from, (double Seconds, string Name) until, Action<QueryRows.Row> row, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        long fromNanoseconds = InfluxSchema.BoundToNanoseconds(from.Seconds, from.Name);
        long untilNanoseconds = InfluxSchema.BoundToNanoseconds(until.Seconds, until.Name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (fromNanoseconds < untilNanoseconds)
        {
            using JsonDocument answer = await Client.QueryAsync(Select(measurement, patientId, fromNanoseconds, untilNanoseconds, untilInclusive: false), cancellationToken);
            QueryRows.ForEach(answer, row);
        }
    }

    private static string Select(string measurement, string patientId, long fromNanoseconds, long untilNanoseconds, bool untilInclusive) =>
        $"SELECT * FROM {InfluxSchema.Identifier(measurement)} WHERE \"patient\" = {InfluxSchema.Literal(patientId)} " +
        $"AND time >= {InfluxSchema.Number(fromNanoseconds)} AND time {(untilInclusive ? "<=" : "<")} {InfluxSchema.Number(untilNanoseconds)}";

    private static int[] Bands(QueryRows.Row row) =>
        [row.Int("band_1"), row.Int("band_2"), row.Int("band_3"), row.Int("band_4"), row.Int("band_5")];
}
