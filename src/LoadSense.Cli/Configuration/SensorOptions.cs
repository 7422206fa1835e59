using System.ComponentModel.DataAnnotations;

namespace LoadSense.Cli.Configuration;

/// <summary>How <c>loadsense run</c> talks to paired sensors and reports on them (settings section <c>Sensors</c>).</summary>
internal sealed class SensorOptions : IValidatableObject
{
    /// <summary>The BlueZ adapter: hci0 (default), hci1, ...</summary>
    [RegularExpression("^hci[0-9]{1,3}$", ErrorMessage = "Sensors:Adapter must be an adapter name like hci0.")]
    public string Adapter { get; set; } = "hci0";

    /// <summary>How long a Connect call may take, in s (1 to 120; default 30).</summary>
    [Range(1.0, 120.0, ErrorMessage = "Sensors:ConnectTimeoutSeconds must be 1 to 120 s.")]
    public double ConnectTimeoutSeconds { get; set; } = 30;

    /// <summary>How long to wait for the GATT services after connecting, in s (1 to 120; default 20); then disconnect and retry.</summary>
    [Range(1.0, 120.0, ErrorMessage = "Sensors:ServicesTimeoutSeconds must be 1 to 120 s.")]
    public double ServicesTimeoutSeconds { get; set; } = 20;

    /// <summary>The first reconnect delay, in s (0.1 to 60; default 1); it doubles per failed attempt.</summary>
    [Range(0.1, 60.0, ErrorMessage = "Sensors:ReconnectInitialSeconds must be 0.1 to 60 s.")]
    public double ReconnectInitialSeconds { get; set; } = 1;

    /// <summary>The longest reconnect delay, in s (1 to 3600; default 60): a sensor out of range is retried at least this often, forever.</summary>
    [Range(1.0, 3600.0, ErrorMessage = "Sensors:ReconnectMaxSeconds must be 1 to 3600 s.")]
    public double ReconnectMaxSeconds { get; set; } = 60;

    /// <summary>How often battery and signal strength are read while connected, in s (5 to 86400; default 300).</summary>
    [Range(5.0, 86_400.0, ErrorMessage = "Sensors:BatteryIntervalSeconds must be 5 to 86400 s.")]
    public double BatteryIntervalSeconds { get; set; } = 300;

    /// <summary>The reporting interval of per-device telemetry records, in s (1 to 3600; default 60).</summary>
    [Range(1, 3600, ErrorMessage = "Sensors:TelemetryIntervalSeconds must be 1 to 3600 s.")]
    public int TelemetryIntervalSeconds { get; set; } = 60;

    /// <summary>How often <c>loadsense run</c> reads the paired sensors again to follow <c>pair</c> and <c>unpair</c>, in s (1 to 3600; default 5).</summary>
    [Range(1, 3600, ErrorMessage = "Sensors:PairedReloadSeconds must be 1 to 3600 s.")]
    public int PairedReloadSeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReconnectMaxSeconds < ReconnectInitialSeconds)
        {
            yield return new ValidationResult("Sensors:ReconnectMaxSeconds must not be less than Sensors:ReconnectInitialSeconds.", [nameof(ReconnectMaxSeconds)]);
        }
    }
}
