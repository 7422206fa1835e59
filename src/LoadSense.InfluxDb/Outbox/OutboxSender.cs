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
/// Sends the outbox to InfluxDB. Waiting batches are gathered, oldest first, into write requests
/// of at most <see cref="InfluxDbOptions.BatchPoints"/> points per retention policy, and up to
/// <see cref="InfluxDbOptions.MaxParallelWrites"/> requests are in flight at once. A batch leaves
/// the outbox only after the request that carried it was acknowledged with a 2xx (so a crash at
/// any moment resends at worst, and a resend overwrites the same points). A barrier batch (a
/// recomputed day) is sent alone, after every older batch has left and before any newer one.
/// Connection errors, timeouts, 5xx and 429 are retried with exponential backoff and jitter,
/// honouring Retry-After; a request InfluxDB refuses for good (400: bad line, field type conflict;
/// 413) is resent batch by batch and the refused batch becomes a dead letter with the server's
/// message while the others go on; 401, 403 and other 4xx stop the drain (no batch could
/// succeed). One drain at a time per sender.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim needs disposing only when its wait handle was used; drains may still wait on it.")]
public sealed class OutboxSender
{
    private const int PeekRows = 1024;

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
    /// to <see cref="InfluxDbOptions.MaxRetries"/> times per request before the drain gives up;
    /// without, the drain stops at the first transient failure (requests already in flight finish).
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

    /// <summary>
    /// Splits the oldest waiting batches into the requests of one round: per destination, batches
    /// in id order packed up to <paramref name="maxPoints"/> points (a bigger batch goes alone);
    /// the round ends before a barrier, which forms a round of its own.
    /// </summary>
    internal static List<WriteRequest> PlanRound(IReadOnlyList<OutboxBatch> batches, int maxPoints)
    {
        var requests = new List<WriteRequest>();
        var open = new Dictionary<string, WriteRequest>(StringComparer.Ordinal);
        foreach (OutboxBatch batch in batches)
        {
            if (batch.Barrier)
            {
                if (requests.Count == 0)
                {
                    requests.Add(new WriteRequest(batch));
                }

                break;
            }

            if (open.TryGetValue(batch.Destination, out WriteRequest? request) && request.Points + batch.Points <= maxPoints)
            {
                request.Add(batch);
            }
            else
            {
                request = new WriteRequest(batch);
                open[batch.Destination] = request;
                requests.Add(request);
            }
        }

        return requests;
    }

    private async Task<DrainResult> DrainLockedAsync(bool retry, CancellationToken cancellationToken)
    {
        var drain = new Drain(retry);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelWrites, CancellationToken = cancellationToken };

        // Enough for every parallel request to be full, and a bound on the memory a drain holds.
        long peekPoints = 2L * _options.BatchPoints * _options.MaxParallelWrites;
        while (true)
        {
            IReadOnlyList<OutboxBatch> batches = await _outbox.PeekAsync(PeekRows, peekPoints, cancellationToken);
            if (batches.Count == 0)
            {
                return new DrainResult(drain.Sent, drain.Points, drain.Dead, 0, null);
            }

            await Parallel.ForEachAsync(PlanRound(batches, _options.BatchPoints), parallel, async (request, token) =>
            {
                if (drain.StoppedBecause is null)
                {
                    await SendAsync(request, drain, token);
                }
            });

            if (drain.StoppedBecause is { } reason)
            {
                OutboxStatus status = await _outbox.GetStatusAsync(CancellationToken.None);
                Log.DrainPaused(_logger, status.PendingBatches, reason);
                return new DrainResult(drain.Sent, drain.Points, drain.Dead, status.PendingBatches, reason);
            }
        }
    }

    private async Task SendAsync(WriteRequest request, Drain drain, CancellationToken cancellationToken)
    {
        // Joined once: a retry sends the same body.
        ReadOnlyMemory<byte> payload = request.Payload();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await _store.Client.WriteAsync(payload, request.Destination, cancellationToken);
                await _outbox.AcknowledgeAsync(request.Ids, CancellationToken.None);
                Log.BatchSent(_logger, request.Ids[0], request.Ids.Count, request.Points);
                drain.Acknowledged(request);
                return;
            }
            catch (InfluxDbException ex) when (IsBeyondRetention(ex))
            {
                // 1.x wrote the points within the policy's duration and dropped the older ones on
                // purpose: no resend can change that, so the request is done.
                await _outbox.AcknowledgeAsync(request.Ids, CancellationToken.None);
                Log.PointsBeyondRetention(_logger, request.Destination, ex.Message);
                drain.Acknowledged(request);
                return;
            }
            catch (InfluxDbException ex) when (ex.Failure == InfluxFailure.Rejected && request.Batches.Count > 1)
            {
                // Find the refused batch: the others must not become dead letters with it.
                foreach (OutboxBatch batch in request.Batches)
                {
                    await SendAsync(new WriteRequest(batch), drain, cancellationToken);
                    if (drain.StoppedBecause is not null)
                    {
                        return;
                    }
                }

                return;
            }
            catch (InfluxDbException ex) when (ex.Failure == InfluxFailure.Rejected)
            {
                await _outbox.DeadLetterAsync(request.Ids[0], (int)(ex.StatusCode ?? 0), ex.Message, CancellationToken.None);
                Log.DeadLettered(_logger, request.Ids[0], request.Points, ex.Message);
                drain.DeadLettered();
                return;
            }
            catch (InfluxDbException ex) when (IsMissingTarget(ex, request) && drain.TryClaimEnsure())
            {
                // 1.x answers "database not found" to a write into a database that was dropped or never made,
                // "retention policy not found" to one into a policy that does not exist yet.
                await _store.TryEnsureDatabaseAsync(cancellationToken);
                if (request.Destination.Length > 0)
                {
                    await _store.TryEnsureRetentionPolicyAsync(request.Destination, _options.RawRetentionDays, cancellationToken);
                }

                attempt--;
            }
            catch (InfluxDbException ex) when (ex.Failure == InfluxFailure.Configuration || !drain.Retry || attempt > _options.MaxRetries)
            {
                await _outbox.RecordFailureAsync(request.Ids[0], ex.Message, CancellationToken.None);
                drain.Stop(ex.Message);
                return;
            }
            catch (InfluxDbException ex)
            {
                await _outbox.RecordFailureAsync(request.Ids[0], ex.Message, CancellationToken.None);
                TimeSpan delay = Backoff(attempt, ex.RetryAfter);
                Log.Retrying(_logger, ex.Message, attempt, _options.MaxRetries, delay.TotalSeconds);
                await Task.Delay(delay, _time, cancellationToken);
                if (drain.StoppedBecause is not null)
                {
                    return;
                }
            }
        }
    }

    private static bool IsBeyondRetention(InfluxDbException ex) =>
        ex.Failure == InfluxFailure.Rejected && ex.Message.Contains("points beyond retention policy dropped", StringComparison.Ordinal);

    private static bool IsMissingTarget(InfluxDbException ex, WriteRequest request) =>
        (ex.Failure == InfluxFailure.Configuration && ex.StatusCode == HttpStatusCode.NotFound)
        || (request.Destination.Length > 0 && ex.Message.Contains("retention policy not found", StringComparison.Ordinal));

    /// <summary>The wait before retry <paramref name="attempt"/> (1-based): base·2^(attempt-1), capped, with "equal jitter" (half fixed, half random), never shorter than a capped Retry-After.</summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        double cap = _options.RetryMaxDelaySeconds;

        // Jitter spreads the retries of many gateways after an outage; it needs no cryptographic quality.
#pragma warning disable CA5394
        double seconds = Core.Timing.Backoff.EqualJitterSeconds(_options.RetryBaseDelaySeconds, cap, attempt - 1, Random.Shared.NextDouble());
#pragma warning restore CA5394
        if (retryAfter is { } wait)
        {
            seconds = Math.Max(seconds, Math.Min(cap, wait.TotalSeconds));
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A one-line account of a drain.</summary>
    public static string Describe(DrainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture, $"sent {result.SentBatches} batches ({result.SentPoints} points), {result.DeadLettered} dead-lettered, {result.PendingBatches} waiting");
    }
}

/// <summary>Outbox batches that travel in one write request, all to one retention policy.</summary>
internal sealed class WriteRequest
{
    private readonly List<OutboxBatch> _batches = [];
    private readonly List<long> _ids = [];

    public WriteRequest(OutboxBatch first)
    {
        Destination = first.Destination;
        Add(first);
    }

    public string Destination { get; }

    public int Points { get; private set; }

    public IReadOnlyList<OutboxBatch> Batches => _batches;

    public IReadOnlyList<long> Ids => _ids;

    public void Add(OutboxBatch batch)
    {
        _batches.Add(batch);
        _ids.Add(batch.Id);
        Points += batch.Points;
    }

    /// <summary>The batches' line protocol, one after the other (each ends with a newline).</summary>
    public ReadOnlyMemory<byte> Payload()
    {
        if (_batches.Count == 1)
        {
            return _batches[0].Payload;
        }

        var body = new byte[_batches.Sum(b => b.Payload.Length)];
        int at = 0;
        foreach (OutboxBatch batch in _batches)
        {
            batch.Payload.Span.CopyTo(body.AsSpan(at));
            at += batch.Payload.Length;
        }

        return body;
    }
}

/// <summary>The tally of one drain, shared by its parallel requests.</summary>
internal sealed class Drain(bool retry)
{
    private int _sent;
    private long _points;
    private int _dead;
    private int _ensured;
    private string? _stoppedBecause;

    public bool Retry => retry;

    public int Sent => Volatile.Read(ref _sent);

    public long Points => Interlocked.Read(ref _points);

    public int Dead => Volatile.Read(ref _dead);

    /// <summary>Why the drain stops (the first failure that stopped it), null while it goes on.</summary>
    public string? StoppedBecause => Volatile.Read(ref _stoppedBecause);

    public void Acknowledged(WriteRequest request)
    {
        Interlocked.Add(ref _sent, request.Batches.Count);
        Interlocked.Add(ref _points, request.Points);
    }

    public void DeadLettered() => Interlocked.Increment(ref _dead);

    public void Stop(string reason) => Interlocked.CompareExchange(ref _stoppedBecause, reason, null);

    /// <summary>True for the first caller only: a missing database or policy is created once per drain.</summary>
    public bool TryClaimEnsure() => Interlocked.Exchange(ref _ensured, 1) == 0;
}
