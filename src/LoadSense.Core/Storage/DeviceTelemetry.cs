namespace LoadSense.Core.Storage;

/// <summary>
/// How one sensor fared over one reporting interval of the recording service, so that a
/// physiotherapist can tell a quiet day from a flat battery or a sensor out of range. Counts are
/// for the interval only (not running totals), so that they add up over any time range.
/// </summary>
/// <param name="PatientId">The patient wearing the sensor.</param>
/// <param name="DeviceId">The sensor (its Bluetooth address, or the simulated sensor's name).</param>
/// <param name="Time">The end of the interval: seconds since 1970-01-01 UTC (wall clock of the gateway).</param>
/// <param name="State">The session's state at that moment: starting, connecting, streaming, disconnected, reconnecting, stopped or failed.</param>
/// <param name="BatteryPercent">The last battery level read (0 to 100), or null when unknown.</param>
/// <param name="RssiDbm">The last received signal strength in dBm, or null when unknown.</param>
/// <param name="Samples">Samples that reached the analysis in the interval.</param>
/// <param name="LostFrames">Frames known (sequence numbers) or estimated (timestamps) to be missing.</param>
/// <param name="MalformedFrames">Notifications rejected by the decoder.</param>
/// <param name="Gaps">Gap markers: places where the stream broke (disconnects included).</param>
/// <param name="GapSeconds">Device time lost in those gaps, in seconds.</param>
/// <param name="Reconnects">Connections re-established after a loss.</param>
public sealed record DeviceTelemetry(
    string PatientId,
    string DeviceId,
    double Time,
    string State,
    int? BatteryPercent,
    int? RssiDbm,
    long Samples,
    long LostFrames,
    long MalformedFrames,
    long Gaps,
    double GapSeconds,
    long Reconnects)
{
    /// <summary>
    /// Checks the records of one store call, as every store does before writing anything: the
    /// patient, device and state are named, and the time and the gap seconds are finite.
    /// </summary>
    /// <exception cref="ArgumentException">A record is null or incomplete.</exception>
    public static void CheckAll(IReadOnlyList<DeviceTelemetry> telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        foreach (DeviceTelemetry t in telemetry)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(telemetry));
            ArgumentException.ThrowIfNullOrWhiteSpace(t.PatientId, nameof(telemetry));
            ArgumentException.ThrowIfNullOrWhiteSpace(t.DeviceId, nameof(telemetry));
            ArgumentException.ThrowIfNullOrWhiteSpace(t.State, nameof(telemetry));
            if (!double.IsFinite(t.Time) || !double.IsFinite(t.GapSeconds))
            {
                throw new ArgumentOutOfRangeException(nameof(telemetry), t, "A telemetry record's Time and GapSeconds must be finite numbers.");
            }
        }
    }
}
