using LoadSense.Core;
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

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "{Device}: connecting")]
    public static partial void SensorConnecting(ILogger logger, string device);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "{Device} connected ({Profile} over {Method}, {Placement}, patient {Patient}); streaming")]
    public static partial void SensorStreaming(ILogger logger, string device, string profile, string method, string placement, string patient);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "{Device} lost: {Reason}; reconnecting in {DelaySeconds:0.0} s")]
    public static partial void SensorLost(ILogger logger, string device, string reason, double delaySeconds);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "{Device} not available: {Reason}; attempt {Attempt}, next in {DelaySeconds:0.0} s")]
    public static partial void SensorUnavailable(ILogger logger, string device, string reason, int attempt, double delaySeconds);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "{Device}: malformed notification ({Error}, {Bytes} bytes) dropped; {Total} so far")]
    public static partial void SensorMalformed(ILogger logger, string device, string error, int bytes, long total);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "{Device}: {Lost} frames lost before this one ({Total} in all; logged for the first loss and every 100th); the hole is a gap")]
    public static partial void SensorFramesLost(ILogger logger, string device, long lost, long total);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "{Device}: battery {Battery}, RSSI {Rssi}")]
    public static partial void SensorHealth(ILogger logger, string device, Reading battery, Reading rssi);

    [LoggerMessage(EventId = 27, Level = LogLevel.Debug, Message = "{Device}: battery and RSSI could not be read: {Reason}")]
    public static partial void SensorHealthFailed(ILogger logger, string device, string reason);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "Telemetry {Device} ({Patient}): {State}, {Samples} samples, {Lost} lost frames, {Malformed} malformed, {Gaps} gaps ({GapSeconds:0.0} s), {Reconnects} reconnects, battery {Battery}, RSSI {Rssi}")]
    public static partial void Telemetry(ILogger logger, string device, string patient, string state, long samples, long lost, long malformed, long gaps, double gapSeconds, long reconnects, Reading battery, Reading rssi);

    [LoggerMessage(EventId = 29, Level = LogLevel.Warning, Message = "No sensor is paired: the service records nothing until one is ('loadsense pair ADDRESS --patient ID --placement wrist|hip'; picked up within Sensors:PairedReloadSeconds)")]
    public static partial void NoSensorsPaired(ILogger logger);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "The store could not take the {What}; recording goes on")]
    public static partial void StoreWriteFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 32, Level = LogLevel.Debug, Message = "{Device}: {Kind} of {Time:O} {State} (decided once what follows it is known)")]
    public static partial void ProvisionalEvent(ILogger logger, string device, LoadEventKind kind, DateTimeOffset time, ProvisionalState state);

    [LoggerMessage(EventId = 33, Level = LogLevel.Information, Message = "Paired sensor {Device} picked up (patient {Patient})")]
    public static partial void PairedSensorPickedUp(ILogger logger, string device, string patient);

    [LoggerMessage(EventId = 34, Level = LogLevel.Information, Message = "Sensor {Device} unpaired: stopped; what it sent was analysed and stored")]
    public static partial void SensorUnpaired(ILogger logger, string device);

    [LoggerMessage(EventId = 35, Level = LogLevel.Warning, Message = "The paired sensors could not be read again; the sensors read before stay: {Problem}")]
    public static partial void PairedSensorsUnreadable(ILogger logger, string problem);

    [LoggerMessage(EventId = 36, Level = LogLevel.Warning, Message = "{Count} newly paired sensors wait for Bluetooth, tried again at the next reload: {Reason}")]
    public static partial void PairedSensorsWaitForBluetooth(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 37, Level = LogLevel.Warning, Message = "Paired sensor {Device} could not be started (its patient's recorder did not open); tried again at the next reload")]
    public static partial void PairedSensorNotStarted(ILogger logger, string device, Exception exception);
}
