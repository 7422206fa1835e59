using System.Reactive.Linq;
using LoadSense.Ble;
using LoadSense.Cli.Configuration;
using LoadSense.Core;
using LoadSense.Core.Timing;
using LoadSense.Protocol;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Service;

/// <summary>
/// One paired sensor over BLE, forever: connect → wait for ServicesResolved (bounded) → find the
/// profile's data and control characteristics by UUID → subscribe (AcquireNotify, else
/// StartNotify) → write the start command with response → decode every notification into one
/// reused <see cref="SampleBlock"/>, map device time to UTC (<see cref="DeviceClockMapper"/>) and
/// pass it on. When the link drops, bluetoothd leaves the bus, the acquired socket hangs up or a
/// step fails, everything of that connection is disposed, the decoder is reset, and the session
/// reconnects after an exponential, jittered, bounded delay; the next block carries
/// <see cref="SampleBlock.GapBefore"/>, so the lost time is a gap for the analysis.
/// Only <see cref="PairedSensor.Address"/> is ever touched: the allow-list is the list of sessions.
/// </summary>
internal sealed class BleSensorSession : ISensorSource
{
    // Malformed notifications are logged the first time and then every this many, not one by one.
    private const int MalformedLogEvery = 100;
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(2);

    private readonly PairedSensor _sensor;
    private readonly IBleAdapter _adapter;
    private readonly IDeviceProfile _profile;
    private readonly SensorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly string _placement;

    public BleSensorSession(PairedSensor sensor, IBleAdapter adapter, SensorOptions options, TimeProvider time, ILogger logger, Random random)
    {
        _sensor = sensor;
        _adapter = adapter;
        _profile = DeviceProfiles.Create(sensor.Profile);
        _options = options;
        _time = time;
        _logger = logger;
        _random = random;
        State = new DeviceState(sensor.Address, sensor.Patient, sensor.Placement, "ble");
        _placement = sensor.Placement.ToString().ToLowerInvariant();
    }

    public DeviceState State { get; }

    /// <summary>The paired sensor's entry this session runs for.</summary>
    public PairedSensor Sensor => _sensor;

    /// <summary>The profile the sensor was paired with.</summary>
    public IDeviceProfile Profile => _profile;

    public IObservable<SampleBlock> Stream(CancellationToken stop) =>
        Observable.Create<SampleBlock>(async (observer, unsubscribed) =>
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, unsubscribed);
            var stream = new Decoding(this, observer);
            await RunAsync(stream, both.Token).ConfigureAwait(false);
            stream.Complete();
        });

    private async Task RunAsync(Decoding stream, CancellationToken stop)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(_options.ReconnectInitialSeconds), TimeSpan.FromSeconds(_options.ReconnectMaxSeconds), _random);
        bool everStreamed = false;
        while (!stop.IsCancellationRequested)
        {
            State.SetState(everStreamed ? "reconnecting" : "connecting");
            string reason;
            bool streamed = false;
            try
            {
                reason = await ConnectAndStreamAsync(stream, () =>
                {
                    streamed = true;
                    if (everStreamed)
                    {
                        State.Reconnected();
                    }

                    everStreamed = true;
                    backoff.Reset();
                }, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A session runs forever: whatever ends one connection (BlueZ errors, timeouts, a bus gone, a bug) is logged and retried, never allowed to stop the recording of the other sensors.
            catch (Exception ex)
            {
                reason = ex is BleException or TimeoutException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            }
#pragma warning restore CA1031

            // The next connection is a new stream: the decoder forgets this one, and whatever
            // arrives first after it is marked as following a gap.
            stream.Restart();
            if (stop.IsCancellationRequested)
            {
                break;
            }

            TimeSpan delay = backoff.Next();
            State.SetState("disconnected");
            if (streamed)
            {
                Log.SensorLost(_logger, _sensor.Address, reason, delay.TotalSeconds);
            }
            else
            {
                Log.SensorUnavailable(_logger, _sensor.Address, reason, backoff.Attempt, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        State.SetState("stopped");
    }

    /// <summary>One connection, from Connect to its loss; returns why it ended.</summary>
    private async Task<string> ConnectAndStreamAsync(Decoding stream, Action streaming, CancellationToken stop)
    {
        IBleDevice device = _adapter.GetDevice(_sensor.Address);
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Watch before acting, so that a loss during the set-up is not missed.
        using IDisposable serviceWatch = await _adapter.WatchServiceAsync(up =>
        {
            if (!up)
            {
                lost.TrySetResult("bluetoothd left the bus");
            }
        }).ConfigureAwait(false);
        using IDisposable linkWatch = await device.WatchConnectedAsync(connected =>
        {
            if (!connected)
            {
                lost.TrySetResult("disconnected");
            }
        }).ConfigureAwait(false);

        bool leaveConnected = false;
        bool started = false;
        IBleCharacteristic? control = null;
        try
        {
            Log.SensorConnecting(_logger, _sensor.Address);
            BleDeviceInfo info = await WithTimeoutAsync(device.GetInfoAsync(stop), "answer", _options.ConnectTimeoutSeconds, stop).ConfigureAwait(false);
            if (!info.Connected)
            {
                await WithTimeoutAsync(device.ConnectAsync(stop), "connect", _options.ConnectTimeoutSeconds, stop).ConfigureAwait(false);
            }

            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                try
                {
                    Task resolved = device.WaitForServicesResolvedAsync(waiting.Token);
                    await WithTimeoutAsync(Task.WhenAny(resolved, lost.Task).Unwrap(), "resolve its services", _options.ServicesTimeoutSeconds, stop).ConfigureAwait(false);
                }
                finally
                {
                    // Ends the wait's property watch whichever way it went.
                    await waiting.CancelAsync().ConfigureAwait(false);
                }
            }

            if (lost.Task.IsCompleted)
            {
                leaveConnected = true;
                return await lost.Task.ConfigureAwait(false);
            }

            IBleCharacteristic data = await device.FindCharacteristicAsync(_profile.DataCharacteristicUuid, _profile.ServiceUuid, stop).ConfigureAwait(false)
                ?? throw new BleException($"{_sensor.Address} offers no {_profile.Name} data characteristic {_profile.DataCharacteristicUuid}; is it paired with the right profile?");
            control = await device.FindCharacteristicAsync(_profile.ControlCharacteristicUuid, _profile.ServiceUuid, stop).ConfigureAwait(false)
                ?? throw new BleException($"{_sensor.Address} offers no {_profile.Name} control characteristic {_profile.ControlCharacteristicUuid}.");

            await using IBleSubscription notifications = await data.SubscribeAsync(stream.OnNotification, stop).ConfigureAwait(false);
            // Polar's control point answers on indications: enable them before writing (polar-ble-sdk).
            await using IAsyncDisposable responses = control.Flags.Any(f => f is "notify" or "indicate")
                ? await control.SubscribeAsync(static _ => { }, stop).ConfigureAwait(false)
                : NoSubscription.Instance;
            await control.WriteValueAsync(_profile.StartCommand, BleWriteType.WithResponse, stop).ConfigureAwait(false);
            started = true;
            streaming();
            State.SetState("streaming");
            string method = notifications.Method == BleNotifyMethod.AcquiredSocket ? "AcquireNotify" : "StartNotify";
            Log.SensorStreaming(_logger, _sensor.Address, _profile.Name, method, _placement, _sensor.Patient);

            Task<string> closed = notifications.Closed.ContinueWith(static _ => "the notification socket hung up", CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (true)
            {
                await ReadHealthAsync(device, stop).ConfigureAwait(false);
                Task tick = Task.Delay(TimeSpan.FromSeconds(_options.BatteryIntervalSeconds), _time, stop);
                Task first = await Task.WhenAny(lost.Task, closed, tick).ConfigureAwait(false);
                if (first != tick)
                {
                    leaveConnected = true;
                    return await ((Task<string>)first).ConfigureAwait(false);
                }

                // Cancelled when the service stops: the goodbye below runs, then the loop ends.
                await tick.ConfigureAwait(false);
            }
        }
        finally
        {
            if (!leaveConnected && !lost.Task.IsCompleted)
            {
                // Stopping, or a step failed (services never resolved): leave the sensor idle and
                // the link down, so that the next attempt starts clean. Best effort, bounded.
                await GoodbyeAsync(device, started ? control : null).ConfigureAwait(false);
            }
        }
    }

    private async Task ReadHealthAsync(IBleDevice device, CancellationToken stop)
    {
        try
        {
            byte? battery = await device.GetBatteryLevelAsync(stop).ConfigureAwait(false);
            short? rssi = (await device.GetInfoAsync(stop).ConfigureAwait(false)).Rssi;
            State.Health(battery, rssi);
            Log.SensorHealth(_logger, _sensor.Address, new(battery, "%"), new(rssi, "dBm"));
        }
        catch (BleException ex)
        {
            Log.SensorHealthFailed(_logger, _sensor.Address, ex.Message);
        }
    }

#pragma warning disable CA1031 // A goodbye to a sensor that may be gone: no failure of it matters.
    private async Task GoodbyeAsync(IBleDevice device, IBleCharacteristic? control)
    {
        using var timeout = new CancellationTokenSource(GoodbyeTimeout, _time);
        try
        {
            if (control is not null)
            {
                await control.WriteValueAsync(_profile.StopCommand, BleWriteType.WithResponse, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Gone already: nothing to stop.
        }

        try
        {
            await device.DisconnectAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Not connected, or bluetoothd is gone: the link is down either way.
        }
    }
#pragma warning restore CA1031

    /// <summary>Awaits <paramref name="step"/>, bounded by <paramref name="seconds"/> on the injected clock; a timeout names the step.</summary>
    private async Task WithTimeoutAsync(Task step, string what, double seconds, CancellationToken stop)
    {
        try
        {
            await step.WaitAsync(TimeSpan.FromSeconds(seconds), _time, stop).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_sensor.Address} did not {what} within {seconds:0.#} s");
        }
    }

    private async Task<T> WithTimeoutAsync<T>(Task<T> step, string what, double seconds, CancellationToken stop)
    {
        await WithTimeoutAsync((Task)step, what, seconds, stop).ConfigureAwait(false);
        return await step.ConfigureAwait(false);
    }

    /// <summary>
    /// Turns notifications into blocks. Called from the D-Bus receive loop or the socket reader,
    /// one notification at a time per characteristic; the lock also orders them against
    /// <see cref="Restart"/> and <see cref="Complete"/>.
    /// </summary>
    private sealed class Decoding(BleSensorSession session, IObserver<SampleBlock> observer)
    {
        private readonly Lock _gate = new();
        private readonly IFrameDecoder _decoder = session._profile.CreateDecoder();
        private readonly SampleBlock _block = new(session._sensor.Address, session._profile.MaxSamplesPerFrame);
        private readonly DeviceClockMapper _clock = new();
        private long _lossEvents;
        private bool _gapPending;
        private bool _completed;

        public void OnNotification(ReadOnlyMemory<byte> value)
        {
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                double arrival = (session._time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;
                FrameResult result = _decoder.Decode(value.Span, _block);
                DecoderCounters counters = _decoder.Counters;
                session.State.Decoded(counters);
                if (result.Status == FrameStatus.Malformed)
                {
                    if (counters.Malformed % MalformedLogEvery == 1)
                    {
                        Log.SensorMalformed(session._logger, session._sensor.Address, FrameResult.ErrorName(result.Error), value.Length, counters.Malformed);
                    }

                    return;
                }

                if (result.Status != FrameStatus.Decoded)
                {
                    return;
                }

                // A weak link loses frames many times a second: log the first loss and every 100th after
                // it (like malformed frames); telemetry counts every one.
                if (result.LostFrames > 0 && _lossEvents++ % MalformedLogEvery == 0)
                {
                    Log.SensorFramesLost(session._logger, session._sensor.Address, result.LostFrames, counters.Lost);
                }

                if (_gapPending)
                {
                    _block.GapBefore = true;
                    _gapPending = false;
                }

                _clock.Map(_block, arrival);
                observer.OnNext(_block);
            }
        }

        /// <summary>After a connection ended: a new stream follows, behind a gap.</summary>
        public void Restart()
        {
            lock (_gate)
            {
                _decoder.Reset();
                _gapPending = true;
            }
        }

        public void Complete()
        {
            lock (_gate)
            {
                _completed = true;
                observer.OnCompleted();
            }
        }
    }

    private sealed class NoSubscription : IAsyncDisposable
    {
        public static readonly NoSubscription Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
