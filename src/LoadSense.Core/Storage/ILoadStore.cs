using LoadSense.Core.Scoring;

namespace LoadSense.Core.Storage;

/// <summary>What one device of one patient produced: events and closed minutes.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="DeviceId">The sensor or recording.</param>
/// <param name="Placement">Where the sensor was worn.</param>
/// <param name="Events">Classified events.</param>
/// <param name="Minutes">Closed per-minute aggregates.</param>
public sealed record PatientBatch(
    string PatientId,
    string DeviceId,
    Placement Placement,
    IReadOnlyList<LoadEvent> Events,
    IReadOnlyList<MinuteAggregate> Minutes);

/// <summary>A stored minute with the device and placement it came from.</summary>
/// <param name="DeviceId">The sensor or recording.</param>
/// <param name="Placement">Where the sensor was worn.</param>
/// <param name="Minute">The aggregate.</param>
public sealed record DeviceMinute(string DeviceId, Placement Placement, MinuteAggregate Minute);

/// <summary>
/// Where results live. Every write is idempotent: an event is identified by patient, device,
/// time (to the microsecond) and kind, a minute by patient, device and start, a day by patient
/// and date, a telemetry record by patient, device and time (to the microsecond); writing the
/// same thing again replaces it and never adds to it. Disposing closes
/// the store's connection.
/// </summary>
public interface ILoadStore : IAsyncDisposable
{
    /// <summary>Stores events and minutes (insert or replace).</summary>
    Task AppendAsync(PatientBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Events of a patient with fromTime ≤ time &lt; untilTime (seconds since the Unix epoch), in time order.</summary>
    Task<IReadOnlyList<LoadEvent>> ReadEventsAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default);

    /// <summary>Minutes of a patient with fromMinute ≤ start &lt; untilMinute (seconds since the Unix epoch), in time order.</summary>
    Task<IReadOnlyList<DeviceMinute>> ReadMinutesAsync(string patientId, long fromMinute, long untilMinute, CancellationToken cancellationToken = default);

    /// <summary>Stores daily summaries (insert or replace by patient and date).</summary>
    Task UpsertDaysAsync(string patientId, IReadOnlyList<DailySummary> days, CancellationToken cancellationToken = default);

    /// <summary>Stored daily summaries of a patient with firstDay ≤ date ≤ lastDay, in date order.</summary>
    Task<IReadOnlyList<DailySummary>> ReadDaysAsync(string patientId, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores device telemetry (insert or replace by patient, device and time to the microsecond).
    /// A battery level or signal strength that is unknown (null) in a rewrite may keep the value
    /// an earlier write of the same record had, where the store merges fields (InfluxDB).
    /// </summary>
    Task AppendTelemetryAsync(IReadOnlyList<DeviceTelemetry> telemetry, CancellationToken cancellationToken = default);

    /// <summary>Telemetry of a patient with fromTime ≤ time &lt; untilTime (seconds since the Unix epoch), in time order, then device order.</summary>
    Task<IReadOnlyList<DeviceTelemetry>> ReadTelemetryAsync(string patientId, double fromTime, double untilTime, CancellationToken cancellationToken = default);
}
