namespace LoadSense.Storage.Outbox;

/// <summary>A batch waiting in the outbox.</summary>
/// <param name="Id">Its position; batches are sent in id order.</param>
/// <param name="Payload">The bytes to send (for InfluxDB, line protocol).</param>
/// <param name="Points">How many points it holds.</param>
/// <param name="Attempts">Failed sends so far.</param>
/// <param name="Destination">Its route's destination (for InfluxDB, the retention policy); empty for the default.</param>
/// <param name="Barrier">Whether it must be sent alone, after every older batch and before every newer one.</param>
public sealed record OutboxBatch(long Id, ReadOnlyMemory<byte> Payload, int Points, int Attempts, string Destination = "", bool Barrier = false);

/// <summary>How batches travel.</summary>
/// <param name="Destination">An opaque name of the remote target (for InfluxDB, the retention policy); empty (or null) for the default one.</param>
/// <param name="Barrier">
/// Send the batch only after every older batch has left and before any newer one is sent: for
/// batches that rewrite points with new values (a recomputed day), which parallel requests could
/// otherwise land out of order. Batches without it may land in any order.
/// </param>
/// <param name="MaxPoints">The most points that may wait for this destination; null for <see cref="OutboxOptions.MaxPoints"/>.</param>
public readonly record struct OutboxRoute(string Destination, bool Barrier = false, long? MaxPoints = null);

/// <summary>A batch the remote store refused for good, kept with its reason.</summary>
/// <param name="Id">Its id while it waited.</param>
/// <param name="EnqueuedAt">When it entered the outbox.</param>
/// <param name="FailedAt">When it was refused.</param>
/// <param name="Points">How many points it holds.</param>
/// <param name="Status">The HTTP status of the refusal, 0 when none.</param>
/// <param name="Message">The server's message.</param>
public sealed record DeadLetter(long Id, DateTimeOffset EnqueuedAt, DateTimeOffset FailedAt, int Points, int Status, string Message);

/// <summary>What the outbox holds.</summary>
/// <param name="PendingBatches">Batches waiting to be sent.</param>
/// <param name="PendingPoints">Points in them.</param>
/// <param name="OldestPending">When the oldest waiting batch entered, null when none waits.</param>
/// <param name="LastError">The last failure of the oldest waiting batch, null when none.</param>
/// <param name="DeadBatches">Batches set aside as dead letters.</param>
/// <param name="DeadPoints">Points in them.</param>
/// <param name="MaxPoints">The cap on waiting points.</param>
public sealed record OutboxStatus(long PendingBatches, long PendingPoints, DateTimeOffset? OldestPending, string? LastError, long DeadBatches, long DeadPoints, long MaxPoints);
