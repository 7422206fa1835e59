using System.Globalization;
using System.Net.Sockets;
using Tmds.DBus.Protocol;

namespace LoadSense.Ble;

/// <summary>An adapter of bluetoothd (BlueZ 5) over D-Bus.</summary>
public sealed class BlueZAdapter : IBleAdapter, IDisposable
{
    private readonly BlueZBus _bus;
    private readonly bool _ownsConnection;

    private BlueZAdapter(BlueZBus bus, string path, bool ownsConnection)
    {
        _bus = bus;
        Path = path;
        _ownsConnection = ownsConnection;
    }

    /// <summary>The adapter's object path, e.g. /org/bluez/hci0.</summary>
    public string Path { get; }

    /// <summary>
    /// Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS when set, or <paramref name="busAddress"/>)
    /// and returns the named adapter. The adapter owns the connection.
    /// </summary>
    public static async Task<BlueZAdapter> ConnectAsync(string adapterName = "hci0", string? busAddress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adapterName);
        var address = busAddress ?? BlueZBus.ResolveSystemBusAddress(Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS"));
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new BlueZAdapter(new BlueZBus(connection), "/org/bluez/" + adapterName, ownsConnection: true);
    }

    /// <summary>The adapter on an existing connection, which the caller keeps owning.</summary>
    public static BlueZAdapter OnConnection(DBusConnection connection, string adapterName = "hci0") =>
        new(new BlueZBus(connection), "/org/bluez/" + adapterName, ownsConnection: false);

    /// <inheritdoc />
    public async Task<BleAdapterInfo?> GetAdapterInfoAsync(CancellationToken cancellationToken = default)
    {
        var objects = await _bus.GetManagedObjectsAsync(cancellationToken).ConfigureAwait(false);
        return objects.TryGetValue(Path, out var interfaces) && interfaces.TryGetValue(BlueZBus.AdapterInterface, out var adapter)
            ? new BleAdapterInfo(BlueZBus.GetString(adapter, "Address") ?? "", BlueZBus.GetBool(adapter, "Powered"))
            : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BleDeviceInfo>> GetDevicesAsync(CancellationToken cancellationToken = default)
    {
        var objects = await _bus.GetManagedObjectsAsync(cancellationToken).ConfigureAwait(false);
        return objects
            .Where(o => IsMine(o.Key) && o.Value.ContainsKey(BlueZBus.DeviceInterface))
            .Select(o => BlueZBus.ToDeviceInfo(o.Key, o.Value[BlueZBus.DeviceInterface]))
            .OrderBy(d => d.Address, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public Task<IDisposable> WatchDevicesAsync(Action<BleDeviceEvent> onEvent)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        return _bus.WatchInterfacesAsync(
            (path, interfaces) =>
            {
                if (IsMine(path) && interfaces.TryGetValue(BlueZBus.DeviceInterface, out var device))
                {
                    onEvent(new BleDeviceEvent(BleDeviceEventKind.Added, path, BlueZBus.ToDeviceInfo(path, device)));
                }
            },
            (path, interfaces) =>
            {
                if (IsMine(path) && interfaces.Contains(BlueZBus.DeviceInterface, StringComparer.Ordinal))
                {
                    onEvent(new BleDeviceEvent(BleDeviceEventKind.Removed, path, null));
                }
            });
    }

    /// <inheritdoc />
    public async Task StartDiscoveryAsync(BleDiscoveryFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var uuids = filter.ServiceUuids.Select(u => u.ToString("D", CultureInfo.InvariantCulture)).ToArray();
        await _bus.CallAsync(Path, BlueZBus.AdapterInterface, "SetDiscoveryFilter", "a{sv}", (ref MessageWriter w) =>
        {
            var dict = w.WriteDictionaryStart();
            w.WriteDictionaryEntryStart();
            w.WriteString("Transport");
            w.WriteVariantString("le");
            if (uuids.Length > 0)
            {
                w.WriteDictionaryEntryStart();
                w.WriteString("UUIDs");
                w.WriteSignature("as");
                w.WriteArray(uuids);
            }

            if (filter.MinimumRssi is { } rssi)
            {
                w.WriteDictionaryEntryStart();
                w.WriteString("RSSI");
                w.WriteVariantInt16(rssi);
            }

            w.WriteDictionaryEnd(dict);
        }, cancellationToken).ConfigureAwait(false);
        await _bus.CallAsync(Path, BlueZBus.AdapterInterface, "StartDiscovery", null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StopDiscoveryAsync(CancellationToken cancellationToken = default) =>
        _bus.CallAsync(Path, BlueZBus.AdapterInterface, "StopDiscovery", null, null, cancellationToken);

    /// <inheritdoc />
    public Task<IDisposable> WatchServiceAsync(Action<bool> onAvailabilityChanged)
    {
        ArgumentNullException.ThrowIfNull(onAvailabilityChanged);
        return _bus.WatchServiceOwnerAsync(onAvailabilityChanged);
    }

    /// <inheritdoc />
    public IBleDevice GetDevice(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return new BlueZDevice(_bus, Path + "/dev_" + address.Replace(':', '_').ToUpperInvariant(), address.ToUpperInvariant());
    }

    /// <summary>
    /// Completes when the D-Bus connection ends: with the reason when the bus went away (the
    /// system dbus-daemon stopped; nothing on this connection works again), with null when it was disposed.
    /// </summary>
    public Task<Exception?> WaitDisconnectedAsync() => _bus.Connection.DisconnectedAsync();

    /// <summary>Closes the connection when this adapter opened it.</summary>
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _bus.Connection.Dispose();
        }
    }

    private bool IsMine(string path) => path.StartsWith(Path + "/", StringComparison.Ordinal);
}

/// <summary>A device object of bluetoothd.</summary>
internal sealed class BlueZDevice(BlueZBus bus, string path, string address) : IBleDevice
{
    public string Address { get; } = address;

    public string Path { get; } = path;

    public Task ConnectAsync(CancellationToken cancellationToken = default) =>
        bus.CallAsync(Path, BlueZBus.DeviceInterface, "Connect", null, null, cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken = default) =>
        bus.CallAsync(Path, BlueZBus.DeviceInterface, "Disconnect", null, null, cancellationToken);

    public Task<IDisposable> WatchConnectedAsync(Action<bool> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        return bus.WatchPropertiesAsync(Path, BlueZBus.DeviceInterface, changed =>
        {
            if (changed.ContainsKey("Connected"))
            {
                onChanged(BlueZBus.GetBool(changed, "Connected"));
            }
        });
    }

    public async Task<BleDeviceInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        BlueZBus.ToDeviceInfo(Path, await bus.GetAllAsync(Path, BlueZBus.DeviceInterface, cancellationToken).ConfigureAwait(false));

    public async Task WaitForServicesResolvedAsync(CancellationToken cancellationToken)
    {
        var resolved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Watch first, then read: a change between the two cannot be missed.
        using var watch = await bus.WatchPropertiesAsync(Path, BlueZBus.DeviceInterface, changed =>
        {
            if (BlueZBus.GetBool(changed, "ServicesResolved"))
            {
                resolved.TrySetResult();
            }
        }).ConfigureAwait(false);
        if ((await GetInfoAsync(cancellationToken).ConfigureAwait(false)).ServicesResolved)
        {
            return;
        }

        await resolved.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte?> GetBatteryLevelAsync(CancellationToken cancellationToken = default)
    {
        var objects = await bus.GetManagedObjectsAsync(cancellationToken).ConfigureAwait(false);
        return objects.TryGetValue(Path, out var interfaces) && interfaces.TryGetValue(BlueZBus.BatteryInterface, out var battery)
            ? BlueZBus.GetByte(battery, "Percentage")
            : null;
    }

    public async Task<IBleCharacteristic?> FindCharacteristicAsync(Guid characteristicUuid, Guid? serviceUuid = null, CancellationToken cancellationToken = default)
    {
        var objects = await bus.GetManagedObjectsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (objectPath, interfaces) in objects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!objectPath.StartsWith(Path + "/", StringComparison.Ordinal) ||
                !interfaces.TryGetValue(BlueZBus.GattCharacteristicInterface, out var characteristic) ||
                !UuidEquals(BlueZBus.GetString(characteristic, "UUID"), characteristicUuid))
            {
                continue;
            }

            if (serviceUuid is { } wanted)
            {
                var servicePath = BlueZBus.GetObjectPath(characteristic, "Service");
                if (servicePath is null || !objects.TryGetValue(servicePath, out var serviceInterfaces) ||
                    !serviceInterfaces.TryGetValue(BlueZBus.GattServiceInterface, out var service) ||
                    !UuidEquals(BlueZBus.GetString(service, "UUID"), wanted))
                {
                    continue;
                }
            }

            return new BlueZCharacteristic(bus, objectPath, characteristicUuid, BlueZBus.GetStrings(characteristic, "Flags"));
        }

        return null;
    }

    private static bool UuidEquals(string? text, Guid uuid) => Guid.TryParse(text, out var parsed) && parsed == uuid;
}

/// <summary>A GATT characteristic object of bluetoothd.</summary>
internal sealed class BlueZCharacteristic(BlueZBus bus, string path, Guid uuid, IReadOnlyList<string> flags) : IBleCharacteristic
{
    public Guid Uuid { get; } = uuid;

    public IReadOnlyList<string> Flags { get; } = flags;

    public string Path { get; } = path;

    public Task<byte[]> ReadValueAsync(CancellationToken cancellationToken = default) =>
        bus.CallAsync(Path, BlueZBus.GattCharacteristicInterface, "ReadValue", "a{sv}", static (ref MessageWriter w) =>
        {
            var dict = w.WriteDictionaryStart();
            w.WriteDictionaryEnd(dict);
        }, static (message, _) => message.GetBodyReader().ReadArrayOfByte(), cancellationToken);

    public Task WriteValueAsync(ReadOnlyMemory<byte> value, BleWriteType writeType, CancellationToken cancellationToken = default)
    {
        var type = writeType == BleWriteType.WithResponse ? "request" : "command";
        return bus.CallAsync(Path, BlueZBus.GattCharacteristicInterface, "WriteValue", "aya{sv}", (ref MessageWriter w) =>
        {
            w.WriteArray(value.Span);
            var dict = w.WriteDictionaryStart();
            w.WriteDictionaryEntryStart();
            w.WriteString("type");
            w.WriteVariantString(type);
            w.WriteDictionaryEnd(dict);
        }, cancellationToken);
    }

    public async Task<IBleSubscription> SubscribeAsync(Action<ReadOnlyMemory<byte>> onValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onValue);
        (SafeSocketHandle Handle, ushort Mtu) acquired;
        try
        {
            acquired = await bus.CallAsync(Path, BlueZBus.GattCharacteristicInterface, "AcquireNotify", "a{sv}", static (ref MessageWriter w) =>
            {
                var dict = w.WriteDictionaryStart();
                w.WriteDictionaryEnd(dict);
            }, static (message, _) =>
            {
                var reader = message.GetBodyReader();
                return (reader.ReadHandle<SafeSocketHandle>(), reader.ReadUInt16());
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BleException)
        {
            // BlueZ before 5.46, a characteristic with indications only, or a notify session held
            // elsewhere: StartNotify serves every case AcquireNotify refuses.
            return await StartNotifyAsync(onValue, cancellationToken).ConfigureAwait(false);
        }

        return AcquiredSubscription.Start(acquired.Handle, acquired.Mtu, onValue);
    }

    private async Task<IBleSubscription> StartNotifyAsync(Action<ReadOnlyMemory<byte>> onValue, CancellationToken cancellationToken)
    {
        var watch = await bus.WatchPropertiesAsync(Path, BlueZBus.GattCharacteristicInterface, changed =>
        {
            if (BlueZBus.GetBytes(changed, "Value") is { } bytes)
            {
                onValue(bytes);
            }
        }).ConfigureAwait(false);
        try
        {
            await bus.CallAsync(Path, BlueZBus.GattCharacteristicInterface, "StartNotify", null, null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            watch.Dispose();
            throw;
        }

        return new PropertiesChangedSubscription(bus, Path, watch);
    }

    private sealed class PropertiesChangedSubscription(BlueZBus bus, string path, IDisposable watch) : IBleSubscription
    {
        private int _disposed;

        public BleNotifyMethod Method => BleNotifyMethod.PropertiesChanged;

        public Task Closed { get; } = new TaskCompletionSource().Task;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            watch.Dispose();
            try
            {
                await bus.CallAsync(path, BlueZBus.GattCharacteristicInterface, "StopNotify", null, null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (BleException)
            {
                // The device is gone or was never notifying: nothing left to stop.
            }
            catch (DBusConnectionException)
            {
                // The bus is gone: BlueZ drops the notify session with the client.
            }
        }
    }
}
