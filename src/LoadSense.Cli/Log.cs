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

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Device} connected ({Source}, {Placement}, patient {Patient})")]
    public static partial void DeviceConnected(ILogger logger, string device, string source, string placement, string patient);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Device} stopped streaming after {Samples} samples")]
    public static partial void DeviceStopped(ILogger logger, string device, long samples);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Device}: gap in the stream after {LastSample}, resuming at {ResumedAt} s (Unix); analysis restarts, nothing is bridged")]
    public static partial void GapInStream(ILogger logger, string device, DateTimeOffset? lastSample, double resumedAt);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Stopped: {Devices} devices flushed, {Minutes} minutes stored")]
    public static partial void ServiceFlushed(ILogger logger, int devices, int minutes);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "The recording service failed; what was analysed before was stored")]
    public static partial void ServiceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Could not write the state file {Path}")]
    public static partial void StateFileFailed(ILogger logger, string path, Exception exception);
}
