using System.ComponentModel.DataAnnotations;
using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;
using LoadSense.InfluxDb;
using LoadSense.Storage;
using LoadSense.Storage.Outbox;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Configuration;

/// <summary>Every setting of the program, bound from defaults, appsettings.json, LOADSENSE_ variables and options.</summary>
internal sealed class LoadSenseSettings
{
    /// <summary>Where results go: <c>sqlite</c> (the embedded default) or <c>influxdb</c> (through the outbox).</summary>
    [RegularExpression("^(?i:sqlite|influxdb)$", ErrorMessage = "Store must be 'sqlite' or 'influxdb'.")]
    public string Store { get; set; } = "sqlite";

    /// <summary>Whether results go to InfluxDB.</summary>
    public bool UsesInfluxDb => string.Equals(Store, "influxdb", StringComparison.OrdinalIgnoreCase);

    /// <summary>Least severe log messages written to stderr: Trace, Debug, Information, Warning (default), Error, Critical or None.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary>IANA time zone whose local midnights bound a patient's days; empty for the machine's zone.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>This gateway's name in InfluxDB (the <c>gateway</c> tag of its outbox backlog); empty for the host name.</summary>
    [StringLength(64, ErrorMessage = "GatewayId must be at most 64 characters.")]
    public string GatewayId { get; set; } = "";

    /// <summary>The gateway's name: <see cref="GatewayId"/>, or the host name when it is empty.</summary>
    public string GatewayName => string.IsNullOrWhiteSpace(GatewayId) ? Environment.MachineName : GatewayId.Trim();

    public SqliteOptions Sqlite { get; set; } = new();

    public InfluxDbOptions InfluxDb { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public AnalyzerOptions Analyzer { get; set; } = new();

    public ScoringOptions Scoring { get; set; } = new();

    public Targets Targets { get; set; } = new();

    public Reports.ReportOptions Report { get; set; } = new();

    public SensorOptions Sensors { get; set; } = new();
}
