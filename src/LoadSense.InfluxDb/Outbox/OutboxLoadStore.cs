using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Http;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.InfluxDb.RawSamples;
using LoadSense.Storage.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoadSense.InfluxDb.Outbox;

/// <summary>
/// Writes through a durable outbox to InfluxDB: a write returns once its points are on disk in
/// the outbox. The outbox is then drained once without retrying as soon as a full request
/// (<see cref="InfluxDbOptions.BatchPoints"/>) waits, otherwise in the background after at most
/// <see cref="InfluxDbOptions.FlushIntervalSeconds"/>, so that small writes travel together (an
/// unreachable server costs the writer nothing but a failed connection, and no attempt again
/// until a backoff has passed). Reads first drain the outbox, so they see every write; if batches
/// still wait, the read fails and says so rather than answer from incomplete data. Disposing
/// tries a last drain; what cannot be sent stays in the outbox for <c>loadsense sync</c>.
/// </summary>
public sealed class OutboxLoadStore : ILoadStore
{
    private readonly InfluxDbLoadStore _inner;
    private readonly InfluxDbOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _pauseLock = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private int _failures;
    private ITimer? _flushTimer;
    private bool _flushArmed;
    private bool _disposed;
    private Task _background = Task.CompletedTask;

    private OutboxLoadStore(InfluxDbLoadStore inner, SqliteOutbox outbox, OutboxSender sender, InfluxDbOptions options, TimeProvider time, ILogger logger)
    {
        _inner = inner;
        Outbox = outbox;
        Sender = sender;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The outbox file.</summary>
    public SqliteOutbox Outbox { get; }

    /// <summary>Drains the outbox.</summary>
    public OutboxSender Sender { get; }

    /// <summary>Opens the outbox and the InfluxDB store behind it.</summary>
    public static async Task<OutboxLoadStore> OpenAsync(InfluxDbOptions influxDb, OutboxOptions outbox, TimeProvider? time = null, ILoggerFactory? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(influxDb);
        ArgumentNullException.ThrowIfNull(outbox);
        time ??= TimeProvider.System;
        logging ??= NullLoggerFactory.Instance;
        InfluxDbLoadStore store = await InfluxDbLoadStore.OpenAsync(influxDb, logging.CreateLogger<InfluxDbLoadStore>(), cancellationToken);
        try
        {
            SqliteOutbox box = await SqliteOutbox.OpenAsync(outbox, time, logging.CreateLogger<SqliteOutbox>(), cancellationToken);
            var sender = new OutboxSender(box, store, influxDb, time, logging.CreateLogger<OutboxSender>());
            return new OutboxLoadStore(store, box, sender, influxDb, time, logging.CreateLogger<OutboxLoadStore>());
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Puts a <c>gateway_outbox</c> point with the outbox's current backlog into the outbox itself,
    /// so that the Devices dashboard can show how much waited on each gateway and when.
    /// </summary>
    /// <param name="gateway">The gateway's name (the <c>GatewayId</c> setting).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task RecordBacklogAsync(string gateway, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gateway);
        OutboxStatus status = await Outbox.GetStatusAsync(cancellationToken);
        var writer = new LineProtocolWriter();
        InfluxSchema.Write(writer, gateway, status, _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        await EnqueueAndTrySendAsync(writer, default, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AppendAsync(PatientBatch batch, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        InfluxDbLoadStore.Encode(writer, batch);
        await EnqueueAndTrySendAsync(writer, default, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task UpsertDaysAsync(string patientId, IReadOnlyList<DailySummary> days, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        InfluxDbLoadStore.Encode(writer, patientId, days);

        // A recomputed day rewrites a point with new values: it must not overtake an older write.
        await EnqueueAndTrySendAsync(writer, new OutboxRoute("", Barrier: true), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AppendTelemetryAsync(IReadOnlyList<DeviceTelemetry> telemetry, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        InfluxDbLoadStore.Encode(writer, telemetry);
        await EnqueueAndTrySendAsync(writer, default, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DeviceTelemetry>> ReadTelemetryAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default) =>
        ReadSentAsync(patientId, () => _inner.ReadTelemetryAsync(patientId, fromTime, untilTime, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<LoadEvent>> ReadEventsAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default) =>
        ReadSentAsync(patientId, () => _inner.ReadEventsAsync(patientId, fromTime, untilTime, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<DeviceMinute>> ReadMinutesAsync(string patientId, long fromMinute, long untilMinute, CancellationToken cancellationToken = default) =>
        ReadSentAsync(patientId, () => _inner.ReadMinutesAsync(patientId, fromMinute, untilMinute, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<DailySummary>> ReadDaysAsync(string patientId, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default) =>
        ReadSentAsync(patientId, () => _inner.ReadDaysAsync(patientId, firstDay, lastDay, cancellationToken), cancellationToken);

    /// <summary>
    /// Opens a sink that writes the samples of <paramref name="patientId"/> to measurement
    /// <c>raw_samples</c> on <see cref="InfluxDbOptions.RawRetentionPolicy"/> through this outbox
    /// (creating the policy on InfluxDB 1.x when missing). Dispose it before this store.
    /// </summary>
    public async Task<IRawSampleSink> OpenRawSampleSinkAsync(string patientId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        if (_options.RawRetentionPolicy.Length > 0)
        {
            await _inner.TryEnsureRetentionPolicyAsync(_options.RawRetentionPolicy, _options.RawRetentionDays, cancellationToken);
        }

        return new RawSampleOutboxSink(this, patientId, _options, _logger);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Task background;
        lock (_pauseLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _flushTimer?.Dispose();
            background = _background;
        }

        try
        {
            await background.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_time.GetUtcNow() >= PausedUntil)
            {
                await DrainQuietlyAsync();
            }
        }
        finally
        {
            await Outbox.DisposeAsync();
            await _inner.DisposeAsync();
        }
    }

    /// <summary>Reads from InfluxDB once everything waiting has been sent, so that a read sees every write.</summary>
    private async Task<T> ReadSentAsync<T>(string patientId, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        await FlushAsync(cancellationToken);
        return await read();
    }

    /// <summary>
    /// Puts encoded points in the outbox on <paramref name="route"/>, then sends or schedules sending.
    /// With <paramref name="sendInBackground"/>, a full request is sent by the background flush
    /// instead of before this call returns: for writers (raw samples) that must never wait for the network.
    /// </summary>
    /// <exception cref="OutboxFullException">The route's cap would be passed; nothing was added.</exception>
    internal async Task EnqueueAsync(ReadOnlyMemory<byte> lines, int points, OutboxRoute route, CancellationToken cancellationToken, bool sendInBackground = false)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // One transaction for the whole call: a write is in the outbox entirely or not at all.
        long pending = await Outbox.EnqueueAsync([.. LineBatches.Split(lines, _options.BatchPoints)], route, cancellationToken);
        if (points > 0)
        {
            await SendOrScheduleAsync(pending, sendInBackground, cancellationToken);
        }
    }

    private Task EnqueueAndTrySendAsync(LineProtocolWriter writer, OutboxRoute route, CancellationToken cancellationToken) =>
        EnqueueAsync(writer.WrittenMemory, writer.PointCount, route, cancellationToken);

    // A full request (or no flush interval) is sent now, by this call or, in the background, by
    // the flush; otherwise the flush sends it within the interval, or when a pause ends.
    private async Task SendOrScheduleAsync(long pending, bool inBackground, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (now < PausedUntil)
        {
            ScheduleFlush(PausedUntil - now);
        }
        else if (pending < _options.BatchPoints && _options.FlushIntervalSeconds > 0)
        {
            ScheduleFlush(TimeSpan.FromSeconds(_options.FlushIntervalSeconds));
        }
        else if (inBackground)
        {
            ScheduleFlush(TimeSpan.Zero);
        }
        else
        {
            NoteResult(await Sender.DrainAsync(retry: false, cancellationToken));
        }
    }

    private void ScheduleFlush(TimeSpan delay)
    {
        lock (_pauseLock)
        {
            if (_disposed || _flushArmed)
            {
                return;
            }

            _flushArmed = true;
            _flushTimer ??= _time.CreateTimer(_ => OnFlushTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _flushTimer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnFlushTimer()
    {
        lock (_pauseLock)
        {
            _flushArmed = false;
            if (_disposed)
            {
                return;
            }

            // Chained, so that dispose awaits every background drain; run off the timer's thread.
            Task previous = _background;
            _background = Task.Run(async () =>
            {
                // A failed earlier drain must not stop the chain: this one tries again.
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await DrainQuietlyAsync();
                DateTimeOffset now = _time.GetUtcNow();
                if (PausedUntil > now)
                {
                    ScheduleFlush(PausedUntil - now);
                }
            });
        }
    }

    private async Task DrainQuietlyAsync()
    {
        try
        {
            NoteResult(await Sender.DrainAsync(retry: false));
        }
        catch (Exception ex) when (ex is InfluxDbException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            // What was not sent waits in the outbox; the next write, read or 'loadsense sync' sends it.
            Log.BackgroundFlushFailed(_logger, ex.Message);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DrainResult result = await Sender.DrainAsync(retry: false, cancellationToken);
        NoteResult(result);
        if (result.PendingBatches > 0)
        {
            throw new InfluxDbException(
                $"Cannot read from InfluxDB before the outbox is sent: {result.PendingBatches} batches wait in {Outbox.Path} (nothing is lost; 'loadsense sync' sends them). Last failure: {result.StoppedBecause}",
                InfluxFailure.Transient);
        }
    }

    private DateTimeOffset PausedUntil
    {
        get
        {
            lock (_pauseLock)
            {
                return _pausedUntil;
            }
        }
    }

    private void NoteResult(DrainResult result)
    {
        lock (_pauseLock)
        {
            if (result.PendingBatches == 0)
            {
                _failures = 0;
                _pausedUntil = DateTimeOffset.MinValue;
                return;
            }

            _failures++;
            _pausedUntil = _time.GetUtcNow() + Sender.Backoff(_failures, null);
        }
    }
}
