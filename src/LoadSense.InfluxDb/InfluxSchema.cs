using System.Globalization;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.Storage.Outbox;

namespace LoadSense.InfluxDb;

/// <summary>
/// How LoadSense's results are laid out in InfluxDB (documented in the README, "InfluxDB schema").
/// Timestamps are whole microseconds since the Unix epoch (precision <c>u</c>).
/// <list type="bullet">
/// <item><c>events</c>: tags <c>device</c>, <c>kind</c> (step, jump, lift), <c>patient</c>, <c>placement</c>
/// (wrist, hip, other); fields <c>peak_g</c>, <c>load</c>, <c>jump_height_cm</c> (floats), <c>set_no</c>,
/// <c>rep_no</c> (integers); time = the event's device time. Patient, device, kind and time
/// identify an event, as in the SQLite store, so writing it again overwrites one point.</item>
/// <item><c>minutes</c>: tags <c>device</c>, <c>patient</c>, <c>placement</c>; integer fields <c>samples</c>,
/// <c>steps</c>, <c>jumps</c>, <c>lift_reps</c>, <c>lift_sets</c>, <c>band_1</c>…<c>band_5</c>,
/// <c>seconds_above_750mg</c>, <c>seconds_above_1000mg</c>; boolean <c>worn</c>; float
/// <c>load_sum</c>, <c>max_peak_g</c>, <c>max_jump_height_cm</c>, <c>jump_height_sum_cm</c>; time = the
/// minute's start.</item>
/// <item><c>days</c>: tag <c>patient</c>; integer fields <c>steps</c>, <c>jumps</c>, <c>jump_sessions</c>,
/// <c>most_jumps_in_session</c>, <c>lift_sets</c>, <c>lift_reps</c>, <c>band_1</c>…<c>band_5</c>,
/// <c>seconds_above_750mg</c>, <c>seconds_above_1000mg</c>, <c>wear_minutes</c>, <c>active_minutes</c>;
/// float <c>max_jump_height_cm</c>, <c>mean_jump_height_cm</c>, <c>load</c>, <c>osteogenic_index</c>;
/// string <c>placement</c> (a field, because a day's main placement may change when it is
/// recomputed); time = 00:00 UTC of the local date, so a date is one point whatever the zone.</item>
/// <item><c>device_telemetry</c>: tags <c>device</c>, <c>patient</c>; string field <c>state</c>; float
/// <c>battery_pct</c> and <c>rssi_dbm</c> (only when known), <c>gap_seconds</c>; integer <c>samples</c>,
/// <c>lost_frames</c>, <c>malformed_frames</c>, <c>gaps</c>, <c>reconnects</c> (counts of the interval);
/// time = the end of the interval. Patient, device and time identify a record.</item>
/// <item><c>gateway_outbox</c>: tag <c>gateway</c>; integer <c>pending_batches</c>, <c>pending_points</c>,
/// <c>dead_batches</c>, <c>dead_points</c>; float <c>oldest_pending_age_s</c> (only when a batch waits);
/// time = when the backlog was read. It travels through the outbox it describes, so an offline
/// gateway's backlog history arrives once it is back.</item>
/// </list>
/// A device keeps one placement: the placement is a tag, so an event rewritten under another
/// placement would be a second series. Non-finite floats cannot be written; such a field is
/// left out and reads back as NaN.
/// </summary>
internal static class InfluxSchema
{
    public const string Events = "events";
    public const string Minutes = "minutes";
    public const string Days = "days";
    public const string Telemetry = "device_telemetry";
    public const string GatewayOutbox = "gateway_outbox";
    public const string RawSamples = "raw_samples";

    /// <summary>Timestamps per second at the schema's precision (microseconds).</summary>
    public const double TicksPerSecond = MicrosecondsPerSecond;

    private const double MicrosecondsPerSecond = 1e6;

    // InfluxDB keeps nanoseconds in an int64 and reserves both ends: 1677-09-21 to 2262-04-11.
    private const long MinNanoseconds = long.MinValue + 2;
    private const long MaxNanoseconds = long.MaxValue - 1;
    private const long MinMicroseconds = MinNanoseconds / 1000;
    private const long MaxMicroseconds = MaxNanoseconds / 1000;

    private static readonly string[] BandFields = ["band_1", "band_2", "band_3", "band_4", "band_5"];

    /// <summary>Writes a batch's events and minutes; returns the number of points.</summary>
    public static int Write(LineProtocolWriter writer, PatientBatch batch)
    {
        int before = writer.PointCount;
        string placement = ToTag(batch.Placement);
        foreach (LoadEvent e in batch.Events)
        {
            long time = ToMicroseconds(e.Time);
            writer.Measurement(Events);
            writer.Tag("device", batch.DeviceId);
            writer.Tag("kind", ToTag(e.Kind));
            writer.Tag("patient", batch.PatientId);
            writer.Tag("placement", placement);
            writer.Field("peak_g", e.PeakG);
            writer.Field("load", e.Load);
            writer.Field("jump_height_cm", e.JumpHeightCm);
            writer.Field("set_no", e.Set);
            writer.Field("rep_no", e.Rep);
            writer.Timestamp(time);
        }

        foreach (MinuteAggregate m in batch.Minutes)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(batch));
            CheckBands(m.ImpactBandCounts, "A minute");
            long time = ToMicroseconds(m.MinuteStart);
            writer.Measurement(Minutes);
            writer.Tag("device", batch.DeviceId);
            writer.Tag("patient", batch.PatientId);
            writer.Tag("placement", placement);
            writer.Field("samples", m.Samples);
            writer.Field("worn", m.Worn);
            writer.Field("steps", m.Steps);
            writer.Field("jumps", m.Jumps);
            writer.Field("lift_reps", m.LiftReps);
            writer.Field("lift_sets", m.LiftSets);
            WriteBands(writer, m.ImpactBandCounts);
            writer.Field("seconds_above_750mg", m.SecondsAbove750Mg);
            writer.Field("seconds_above_1000mg", m.SecondsAbove1000Mg);
            writer.Field("load_sum", m.LoadSum);
            writer.Field("max_peak_g", m.MaxPeakG);
            writer.Field("max_jump_height_cm", m.MaxJumpHeightCm);
            writer.Field("jump_height_sum_cm", m.JumpHeightSumCm);
            writer.Timestamp(time);
        }

        return writer.PointCount - before;
    }

    /// <summary>Writes a patient's days; returns the number of points.</summary>
    public static int Write(LineProtocolWriter writer, string patientId, IReadOnlyList<DailySummary> days)
    {
        int before = writer.PointCount;
        foreach (DailySummary d in days)
        {
            ArgumentNullException.ThrowIfNull(d, nameof(days));
            CheckBands(d.ImpactBandCounts, "A day");
            long time = DayToMicroseconds(d.Date);
            writer.Measurement(Days);
            writer.Tag("patient", patientId);
            writer.Field("steps", d.Steps);
            writer.Field("jumps", d.Jumps);
            writer.Field("jump_sessions", d.JumpSessions);
            writer.Field("most_jumps_in_session", d.MostJumpsInSession);
            writer.Field("max_jump_height_cm", d.MaxJumpHeightCm);
            writer.Field("mean_jump_height_cm", d.MeanJumpHeightCm);
            writer.Field("lift_sets", d.LiftSets);
            writer.Field("lift_reps", d.LiftReps);
            WriteBands(writer, d.ImpactBandCounts);
            writer.Field("placement", ToTag(d.Placement));
            writer.Field("seconds_above_750mg", d.SecondsAbove750Mg);
            writer.Field("seconds_above_1000mg", d.SecondsAbove1000Mg);
            writer.Field("load", d.Load);
            writer.Field("osteogenic_index", d.OsteogenicIndex);
            writer.Field("wear_minutes", d.WearMinutes);
            writer.Field("active_minutes", d.ActiveMinutes);
            writer.Timestamp(time);
        }

        return writer.PointCount - before;
    }

    /// <summary>Writes device telemetry; returns the number of points.</summary>
    public static int Write(LineProtocolWriter writer, IReadOnlyList<DeviceTelemetry> telemetry)
    {
        int before = writer.PointCount;
        foreach (DeviceTelemetry t in telemetry)
        {
            long time = ToMicroseconds(t.Time);
            writer.Measurement(Telemetry);
            writer.Tag("device", t.DeviceId);
            writer.Tag("patient", t.PatientId);
            writer.Field("state", t.State);
            if (t.BatteryPercent is { } battery)
            {
                writer.Field("battery_pct", (double)battery);
            }

            if (t.RssiDbm is { } rssi)
            {
                writer.Field("rssi_dbm", (double)rssi);
            }

            writer.Field("samples", t.Samples);
            writer.Field("lost_frames", t.LostFrames);
            writer.Field("malformed_frames", t.MalformedFrames);
            writer.Field("gaps", t.Gaps);
            writer.Field("gap_seconds", t.GapSeconds);
            writer.Field("reconnects", t.Reconnects);
            writer.Timestamp(time);
        }

        return writer.PointCount - before;
    }

    /// <summary>Writes one gateway's outbox backlog at <paramref name="time"/> (Unix seconds); returns 1.</summary>
    public static int Write(LineProtocolWriter writer, string gateway, OutboxStatus status, double time)
    {
        writer.Measurement(GatewayOutbox);
        writer.Tag("gateway", gateway);
        writer.Field("pending_batches", status.PendingBatches);
        writer.Field("pending_points", status.PendingPoints);
        writer.Field("dead_batches", status.DeadBatches);
        writer.Field("dead_points", status.DeadPoints);
        if (status.OldestPending is { } oldest)
        {
            writer.Field("oldest_pending_age_s", Math.Max(0, time - (oldest.ToUnixTimeMilliseconds() / 1000.0)));
        }

        writer.Timestamp(ToMicroseconds(time));
        return 1;
    }

    /// <summary>An event time as whole microseconds, the precision of every write.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is not finite or outside InfluxDB's years 1677-2262.</exception>
    public static long ToMicroseconds(double seconds)
    {
        double micros = Math.Round(seconds * MicrosecondsPerSecond);
        if (!double.IsFinite(micros) || micros > MaxMicroseconds || micros < MinMicroseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "InfluxDB keeps times from 1677-09-21 to 2262-04-11; this time is outside or not a number.");
        }

        return (long)micros;
    }

    /// <summary>A range bound in seconds as nanoseconds for InfluxQL, rounded to the microsecond like stored times; beyond InfluxDB's range it clamps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bound is NaN.</exception>
    public static long BoundToNanoseconds(double seconds, string paramName)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentOutOfRangeException(paramName, seconds, "A time bound must be a number.");
        }

        double micros = Math.Round(seconds * MicrosecondsPerSecond);
        if (micros >= MaxMicroseconds)
        {
            return MaxNanoseconds;
        }

        return micros <= MinMicroseconds ? MinNanoseconds : (long)micros * 1000;
    }

    /// <summary>A date's point time: 00:00 UTC of the date, in microseconds.</summary>
    public static long DayToMicroseconds(DateOnly date)
    {
        long seconds = date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        return ToMicroseconds(seconds * 86_400.0);
    }

    /// <summary>A date bound for InfluxQL in nanoseconds, clamped to InfluxDB's range.</summary>
    public static long DayBoundToNanoseconds(DateOnly date)
    {
        long days = date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        return BoundToNanoseconds(days * 86_400.0, nameof(date));
    }

    /// <summary>The date of a day point's time.</summary>
    public static DateOnly DayOf(long microseconds) =>
        DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)Math.Floor(microseconds / (MicrosecondsPerSecond * 86_400)));

    /// <summary>Tag value of a placement.</summary>
    public static string ToTag(Placement placement) => placement switch
    {
        Placement.Wrist => "wrist",
        Placement.Hip => "hip",
        Placement.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(placement), placement, "Unknown placement."),
    };

    /// <summary>Tag value of an event kind.</summary>
    public static string ToTag(LoadEventKind kind) => kind switch
    {
        LoadEventKind.Step => "step",
        LoadEventKind.Jump => "jump",
        LoadEventKind.Lift => "lift",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown event kind."),
    };

    /// <summary>A stored placement.</summary>
    public static Placement ToPlacement(string? text) => text switch
    {
        "wrist" => Placement.Wrist,
        "hip" => Placement.Hip,
        "other" => Placement.Other,
        _ => throw new InvalidDataException($"The stored placement '{text}' is unknown."),
    };

    /// <summary>A stored event kind.</summary>
    public static LoadEventKind ToKind(string? text) => text switch
    {
        "step" => LoadEventKind.Step,
        "jump" => LoadEventKind.Jump,
        "lift" => LoadEventKind.Lift,
        _ => throw new InvalidDataException($"The stored event kind '{text}' is unknown."),
    };

    /// <summary>An InfluxQL string literal: single quotes, with backslashes and quotes escaped.</summary>
    public static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>An InfluxQL identifier in double quotes.</summary>
    public static string Identifier(string name) =>
        "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>An integer as InfluxQL text.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteBands(LineProtocolWriter writer, IReadOnlyList<int> counts)
    {
        for (int band = 0; band < BandFields.Length; band++)
        {
            writer.Field(BandFields[band], band < counts.Count ? counts[band] : 0);
        }
    }

    private static void CheckBands(IReadOnlyList<int>? counts, string what)
    {
        if (counts is null || counts.Count > ImpactBands.MaxBands)
        {
            throw new ArgumentException(
                $"{what} has {counts?.Count.ToString(CultureInfo.InvariantCulture) ?? "no"} impact band counts; the store keeps 0 to {ImpactBands.MaxBands}.",
                nameof(counts));
        }
    }
}
