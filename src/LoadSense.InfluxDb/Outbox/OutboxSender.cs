using System.Globalization;
using System.Net;
using LoadSense.InfluxDb.Http;
using LoadSense.Storage.Outbox;
using Microsoft.Extensions.Logging;

namespace LoadSense.InfluxDb.Outbox;

/// <summary>What one drain of the outbox did.</summary>
/// <param name="SentBatches">Batches InfluxDB acknowledged (and that left the outbox).</param>
/// <param name="SentPoints">Points in them.</param>
/// <param name="DeadLettered">Batches InfluxDB refused for good, now dead letters.</param>
/// <param name="PendingBatches">Batches still waiting.</param>
/// <param name="StoppedBecause">Why batches still wait (the last failure), null when the outbox is empty.</param>
public sealed record DrainResult(int SentBatches, long SentPoints, int DeadLettered, long PendingBatches, string? StoppedBecause);

/// <summary>
/// Sends the outbox to InfluxDB, oldest batch first. A batch leaves the outbox only after a 2xx
/// (so a crash at any moment resends at worst, and a resend overwrites the same points). Connection
/// errors, timeouts, 5xx and 429 are retried with exponential backoff and jitter, honouring
/// Retry-After; a batch InfluxDB refuses for good (400: bad line, field type conflict; 413) becomes
/// a dead letter with the server's message and the next batch goes on; 401, 403 and other 4xx
/// stop the drain (no batch could succeed). One drain at a time per sender.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim needs disposing only when its wait handle was used; drains may still wait on it.")]
public sealed class OutboxSender
{
    private const int PeekSize = 16;

    private readonly SqliteOutbox _outbox;
    private readonly InfluxDbLoadStore _store;
    private readonly InfluxDbOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a sender from <paramref name="outbox"/> to <paramref name="store"/>'s server.</summary>
    public OutboxSender(SqliteOutbox outbox, InfluxDbLoadStore store, InfluxDbOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox;
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    /// <summary>
    /// Sends every waiting batch. With <paramref name="retry"/>, a transient failure is retried up
    /// to <see cref="InfluxDbOptions.MaxRetries"/> times per batch before the drain gives up;
    /// without, the drain stops at the first transient failure.
    /// </summary>
    public async Task<DrainResult> DrainAsync(bool retry, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await DrainLockedAsync(retry, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DrainResult> DrainLockedAsync(bool retry, CancellationToken cancellationToken)
    {
        int sent = 0, dead = 0;
        long points = 0;
        bool ensuredDatabase = false;
        while (true)
        {
            IReadOnlyList<OutboxBatch> batches = await _outbox.PeekAsync(PeekSize, cancellationToken);
            if (batches.Count == 0)
            {
                return new DrainResult(sent, points, dead, 0, null);
            }

            foreach (OutboxBatch batch in batches)
            {
                for (int attempt = 1; ; attempt++)
                {
                    try
                    {
                        await _store.Client.WriteAsync(batch.Payload, cancellationToken);
                        await _outbox.AcknowledgeAsync(batch.Id, CancellationToken.None);
                        Log.BatchSent(_logger, batch.Id, batch.Points);
                        sent++;
                        points += batch.Points;
                        break;
                    }
                    catch (InfluxDbException ex) when (ex.Failure == InfluxFailure.Rejected)
                    {
                        await _outbox.DeadLetterAsync(batch.Id, (int)(ex.StatusCode ?? 0), ex.Message, CancellationToken.None);
                        Log.DeadLettered(_logger, batch.Id, batch.Points, ex.Message);
                        dead++;
                        break;
                    }
                    catch (InfluxDbException ex) when (ex.Failure == InfluxFailure.Configuration && ex.StatusCode == HttpStatusCode.NotFound && !ensuredDatabase)
                    {
                        // 1.x answers 404 "database not found" to a write into a database that was dropped or never made.
                        ensuredDatabase = true;
                        await _store.TryEnsureDatabaseAsync(cancellationToken);
                        attempt--;
                    }
                    catch (InfluxDbException ex) when (ex.Failure == InfluxFailure.Configuration)
                    {
                        return await StopAsync(batch, ex, sent, points, dead);
                    }
                    catch (InfluxDbException ex)
                    {
                        if (!retry || attempt > _options.MaxRetries)
                        {
                            return await StopAsync(batch, ex, sent, points, dead);
                        }

                        await _outbox.RecordFailureAsync(batch.Id, ex.Message, CancellationToken.None);
                        TimeSpan delay = Backoff(attempt, ex.RetryAfter);
                        Log.Retrying(_logger, ex.Message, attempt, _options.MaxRetries, delay.TotalSeconds);
                        await Task.Delay(delay, _time, cancellationToken);
                    }
                }
            }
        }
    }

    /// <summary>The wait before retry <paramref name="attempt"/> (1-based): base·2^(attempt-1), capped, with "equal jitter" (half fixed, half random), never shorter than a capped Retry-After.</summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        double cap = _options.RetryMaxDelaySeconds;
        double exponential = Math.Min(cap, _options.RetryBaseDelaySeconds * Math.Pow(2, Math.Min(attempt - 1, 30)));

        // Jitter spreads the retries of many gateways after an outage; it needs no cryptographic quality.
#pragma warning disable CA5394
        double seconds = (exponential / 2) + (Random.Shared.NextDouble() * exponential / 2);
#pragma warning restore CA5394
        if (retryAfter is { } wait)
        {
            seconds = Math.Max(seconds, Math.Min(cap, wait.TotalSeconds));
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private async Task<DrainResult> StopAsync(OutboxBatch batch, InfluxDbException ex, int sent, long points, int dead)
    {
        await _outbox.RecordFailureAsync(batch.Id, ex.Message, CancellationToken.None);
        OutboxStatus status = await _outbox.GetStatusAsync(CancellationToken.None);
        Log.DrainPaused(_logger, status.PendingBatches, ex.Message);
        return new DrainResult(sent, points, dead, status.PendingBatches, ex.Message);
    }

    /// <summary>A one-line account of a drain.</summary>
    public static string Describe(DrainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture, $"sent {result.SentBatches} batches ({result.SentPoints} points), {result.DeadLettered} dead-lettered, {result.PendingBatches} waiting");
    }
}
