using System.ComponentModel.DataAnnotations;
using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;
using LoadSense.Storage;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Configuration;

/// <summary>Every setting of the program, bound from defaults, appsettings.json, LOADSENSE_ variables and options.</summary>
internal sealed class LoadSenseSettings
{
    /// <summary>Where results go: <c>sqlite</c> (the embedded default).</summary>
    [RegularExpression("^(?i:sqlite)$", ErrorMessage = "Store must be 'sqlite' (InfluxDB support comes with a later release).")]
    public string Store { get; set; } = "sqlite";

    /// <summary>Least severe log messages written to stderr: Trace, Debug, Information, Warning (default), Error, Critical or None.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary>IANA time zone whose local midnights bound a patient's days; empty for the machine's zone.</summary>
    public string TimeZone { get; set; } = "";

    public SqliteOptions Sqlite { get; set; } = new();

    public AnalyzerOptions Analyzer { get; set; } = new();

    public ScoringOptions Scoring { get; set; } = new();

    public Targets Targets { get; set; } = new();

    public Reports.ReportOptions Report { get; set; } = new();
}
