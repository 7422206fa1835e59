namespace LoadSense.Cli;

/// <summary>A sensor reading that may be unknown (a battery level, an RSSI), written with its unit or as "unknown".</summary>
internal readonly record struct Reading(int? Value, string Unit)
{
    public override string ToString() => Value is { } value ? $"{value} {Unit}" : "unknown";
}
