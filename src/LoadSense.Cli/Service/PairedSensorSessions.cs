using LoadSense.Ble;
using LoadSense.Cli.Commands;
using LoadSense.Cli.Configuration;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Service;

/// <summary>What the service must do to follow the paired-sensors file: sessions to stop, then sessions to start.</summary>
/// <param name="ToStop">Running sensors that are no longer paired (or were paired again differently).</param>
/// <param name="ToStart">New sessions for sensors paired since; not started yet.</param>
internal sealed record PairingChanges(IReadOnlyList<PairedSensor> ToStop, IReadOnlyList<BleSensorSession> ToStart);

/// <summary>
/// Keeps the service's BLE sessions in step with the paired-sensors file (the allow-list) while it
/// runs: <see cref="ReloadAsync"/> compares what is paired with what runs. The file is parsed again
/// only when its write time changed; a file that cannot be read is reported once, and the sensors
/// read before it stay. The adapter is connected when the first sensor is paired; without
/// Bluetooth that sensor waits and the connection is tried again at the next reload.
/// </summary>
internal sealed class PairedSensorSessions : IDisposable
{
    private readonly LoadSenseSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _sessionLogger;
    private readonly TaskCompletionSource<Exception> _busLost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IBleAdapter? _adapter;
    // Connected here, after the start; the adapter connected at start belongs to the caller.
    private BlueZAdapter? _connectedLater;
    private IReadOnlyList<PairedSensor> _paired;
    // The file's write time when it was last read; the default makes the first reload read it again,
    // in case it changed since the start.
    private DateTime _readWriteTime;

    /// <param name="settings">The settings; the paired-sensors file lies next to the database.</param>
    /// <param name="pairedAtStart">The sensors read from the file when the service started.</param>
    /// <param name="adapter">The adapter connected at start (when something was paired), owned by the caller; null otherwise.</param>
    /// <param name="time">The clock of the sessions.</param>
    /// <param name="loggers">Where this and the sessions log.</param>
    public PairedSensorSessions(LoadSenseSettings settings, IReadOnlyList<PairedSensor> pairedAtStart, BlueZAdapter? adapter, TimeProvider time, ILoggerFactory loggers)
    {
        _settings = settings;
        _paired = pairedAtStart;
        _time = time;
        _logger = loggers.CreateLogger<PairedSensorSessions>();
        _sessionLogger = loggers.CreateLogger<BleSensorSession>();
        if (adapter is not null)
        {
            _adapter = adapter;
            WatchBus(adapter);
        }
    }

    /// <summary>Completes with the reason when the sessions' system bus went away; nothing works on that connection again.</summary>
    public Task<Exception> BusLost => _busLost.Task;

    /// <summary>What to stop and start so that the sessions match the paired sensors.</summary>
    /// <param name="running">The sensors whose sessions run now.</param>
    /// <param name="cancellationToken">Ends a connection attempt when the service stops.</param>
    public async Task<PairingChanges> ReloadAsync(IReadOnlyCollection<PairedSensor> running, CancellationToken cancellationToken)
    {
        await ReadIfChangedAsync(cancellationToken);
        PairedSensor[] toStop = [.. running.Except(_paired)];
        PairedSensor[] toStart = [.. _paired.Except(running)];
        if (toStart.Length > 0 && _adapter is null)
        {
            try
            {
                _connectedLater = await CommandSupport.ConnectAdapterAsync(_settings, cancellationToken);
                _adapter = _connectedLater;
                WatchBus(_connectedLater);
            }
            catch (BleException ex)
            {
                Log.PairedSensorsWaitForBluetooth(_logger, toStart.Length, ex.Message);
                toStart = [];
            }
        }

        return new PairingChanges(toStop, [.. toStart.Select(sensor => new BleSensorSession(sensor, _adapter!, _settings.Sensors, _time, _sessionLogger, Random.Shared))]);
    }

    /// <summary>Closes the bus connection opened after the start, if any.</summary>
    public void Dispose() => _connectedLater?.Dispose();

    private async Task ReadIfChangedAsync(CancellationToken cancellationToken)
    {
        string path = PairedSensorsFile.PathOf(_settings);
        // Taken before reading: a write after it changes the time again and is read at the next reload.
        DateTime writeTime = File.GetLastWriteTimeUtc(path);
        if (writeTime == _readWriteTime)
        {
            return;
        }

        _readWriteTime = writeTime;
        try
        {
            _paired = await PairedSensorsFile.ReadAsync(_settings, cancellationToken);
        }
        catch (Exception ex) when (ex is SettingsException or IOException or UnauthorizedAccessException)
        {
            Log.PairedSensorsUnreadable(_logger, ex.Message);
        }
    }

    private void WatchBus(BlueZAdapter adapter) =>
        _ = adapter.WaitDisconnectedAsync().ContinueWith(
            t =>
            {
                // Null: the connection was closed on purpose (disposed), not lost.
                if (t.Result is { } lost)
                {
                    _busLost.TrySetResult(lost);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
}
