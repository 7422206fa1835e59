using System.ComponentModel.DataAnnotations;

namespace LoadSense.Cli.Service;

/// <summary>How <c>loadsense run</c> runs; validated when the host starts.</summary>
internal sealed class RunOptions
{
    /// <summary>Simulated sensors to run instead of BLE (1 to 1000: measured to keep up on 2 cores, benchmarks/live); null runs a BLE session per paired sensor.</summary>
    [Range(1, 1000, ErrorMessage = "--simulate must be 1 to 1000 sensors.")]
    public int? SimulatedSensors { get; set; }

    /// <summary>The patient the simulated sensors belong to (paired sensors carry their own).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "--patient must not be empty.")]
    public string Patient { get; set; } = "sim";

    /// <summary>Sample rate of the simulated sensors in Hz (12.5 to 400; default 50).</summary>
    [Range(12.5, 400, ErrorMessage = "--rate must be 12.5 to 400 Hz.")]
    public double SampleRateHz { get; set; } = 50;

    /// <summary>Stop by itself after this many seconds (0, the default, runs until SIGTERM or Ctrl-C; at most a year).</summary>
    [Range(0, 31_536_000, ErrorMessage = "--seconds must be 0 (run until stopped) to 31536000.")]
    public int StopAfterSeconds { get; set; }

    /// <summary>How often the state file is rewritten, in seconds (1 to 300; default 2).</summary>
    [Range(1, 300, ErrorMessage = "The state file interval must be 1 to 300 s.")]
    public int StateIntervalSeconds { get; set; } = 2;

    /// <summary>Where the state file goes (next to the SQLite file).</summary>
    [Required(AllowEmptyStrings = false)]
    public string StateFile { get; set; } = "";

    /// <summary>Print latency, CPU and memory numbers on stop (<c>--measure</c>).</summary>
    public bool Measure { get; set; }
}
