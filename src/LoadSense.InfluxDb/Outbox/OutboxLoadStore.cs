using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Http;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.Storage.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoadSense.InfluxDb.Outbox;

/// <summary>
/// Writes through a durable outbox to InfluxDB: a write returns once its points are on disk in
/// the outbox, then the outbox is drained once without retrying (an unreachable server costs the
/// writer nothing but a failed connection, and no attempt again until a backoff has passed).
/// Reads first drain the outbox, so they see every write; if batches still wait, the read fails
/// and says so rather than answer from incomplete data.
/// </summary>
public sealed class OutboxLoadStore : ILoadStore
{
    private readonly InfluxDbLoadStore _inner;
    private readonly InfluxDbOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _pauseLock = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private int _failures;

    private OutboxLoadStore(InfluxDbLoadStore inner, SqliteOutbox outbox, OutboxSender sender, InfluxDbOptions options, TimeProvider time)
    {
        _inner = inner;
        Outbox = outbox;
        Sender = sender;
        _options = options;
        _time = time;
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
            return new OutboxLoadStore(store, box, sender, influxDb, time);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task AppendAsync(PatientBatch batch, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        InfluxDbLoadStore.Encode(writer, batch);
        await EnqueueAndTrySendAsync(writer, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task UpsertDaysAsync(string patientId, IReadOnlyList<DailySummary> days, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        InfluxDbLoadStore.Encode(writer, patientId, days);
        await EnqueueAndTrySendAsync(writer, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AppendTelemetryAsync(IReadOnlyList<DeviceTelemetry> telemetry, CancellationToken cancellationToken = default)
    {
        var writer = new LineProtocolWriter();
        InfluxDbLoadStore.Encode(writer, telemetry);
        await EnqueueAndTrySendAsync(writer, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeviceTelemetry>> ReadTelemetryAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        await FlushAsync(cancellationToken);
        return await _inner.ReadTelemetryAsync(patientId, fromTime, untilTime, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LoadEvent>> ReadEventsAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        await FlushAsync(cancellationToken);
        return await _inner.ReadEventsAsync(patientId, fromTime, untilTime, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeviceMinute>> ReadMinutesAsync(string patientId, long fromMinute, long untilMinute, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        await FlushAsync(cancellationToken);
        return await _inner.ReadMinutesAsync(patientId, fromMinute, untilMinute, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DailySummary>> ReadDaysAsync(string patientId, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        await FlushAsync(cancellationToken);
        return await _inner.ReadDaysAsync(patientId, firstDay, lastDay, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Outbox.DisposeAsync();
        await _inner.DisposeAsync();
    }

    private async Task EnqueueAndTrySendAsync(LineProtocolWriter writer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // One transaction for the whole call: a write is in the outbox entirely or not at all.
        await Outbox.EnqueueAsync([.. LineBatches.Split(writer.WrittenMemory, _options.BatchPoints)], cancellationToken);

        if (writer.PointCount == 0 || _time.GetUtcNow() < PausedUntil)
        {
            return;
        }

        DrainResult result = await Sender.DrainAsync(retry: false, cancellationToken);
        NoteResult(result);
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
