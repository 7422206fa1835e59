using Microsoft.Extensions.Logging;

namespace LoadSense.Cli;

/// <summary>The command line's log messages (source-generated; never a token or password).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Settings from defaults, {ConfigFile} (present: {Present}) and LOADSENSE_ variables; store {Store} at {Path}")]
    public static partial void SettingsLoaded(ILogger logger, string configFile, bool present, string store, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Analysed {File}: {Samples} samples, {Events} events, {Minutes} minutes for patient {Patient}")]
    public static partial void RecordingAnalyzed(ILogger logger, string file, long samples, int events, int minutes, string patient);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{File} has {Gaps} gaps in its times; analysis restarted after each, nothing was bridged")]
    public static partial void GapsInRecording(ILogger logger, string file, long gaps);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{File}: {Duplicates} samples repeated the previous time and were skipped")]
    public static partial void DuplicatesSkipped(ILogger logger, string file, long duplicates);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "{File} stopped at a bad line; what came before it was stored")]
    public static partial void RecordingBroken(ILogger logger, string file);
}
