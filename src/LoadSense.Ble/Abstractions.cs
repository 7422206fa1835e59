namespace LoadSense.Ble;

/// <summary>What discovery asks the adapter for; BlueZ merges the filters of all clients, so re-check what arrives.</summary>
/// <param name="ServiceUuids">Advertised service UUIDs to look for; empty for any.</param>
/// <param name="MinimumRssi">The weakest signal to report, in dBm; null for any.</param>
public sealed record BleDiscoveryFilter(IReadOnlyList<Guid> ServiceUuids, short? MinimumRssi = null);

/// <summary>A snapshot of one remote device as the adapter knows it.</summary>
/// <param name="Path">The BlueZ object path.</param>
/// <param name="Address">The Bluetooth address, AA:BB:CC:DD:EE:FF.</param>
/// <param name="Name">The advertised name (or alias), when known.</param>
/// <param name="Rssi">The last received signal strength in dBm, when in range.</param>
/// <param name="Connected">Whether a connection is up.</param>
/// <param name="ServicesResolved">Whether the GATT database has been read.</param>
/// <param name="ServiceUuids">The service UUIDs the device advertises or offers (Device1 <c>UUIDs</c>); empty when unknown.</param>
public sealed record BleDeviceInfo(string Path, string Address, string? Name, short? Rssi, bool Connected, bool ServicesResolved, IReadOnlyList<Guid> ServiceUuids)
{
    /// <summary>A device without known service UUIDs.</summary>
    public BleDeviceInfo(string path, string address, string? name, short? rssi, bool connected, bool servicesResolved)
        : this(path, address, name, rssi, connected, servicesResolved, [])
    {
    }
}

/// <summary>What happened to a device on the adapter.</summary>
public enum BleDeviceEventKind
{
    /// <summary>The device appeared (discovered or added).</summary>
    Added,

    /// <summary>The device was removed.</summary>
    Removed,
}

/// <summary>A device appearing or disappearing.</summary>
/// <param name="Kind">Added or removed.</param>
/// <param name="Path">The BlueZ object path.</param>
/// <param name="Device">The device's properties when added; null when removed.</param>
public sealed record BleDeviceEvent(BleDeviceEventKind Kind, string Path, BleDeviceInfo? Device);

/// <summary>How a characteristic write is sent.</summary>
public enum BleWriteType
{
    /// <summary>Write request: the peripheral acknowledges.</summary>
    WithResponse,

    /// <summary>Write command: no acknowledgement.</summary>
    WithoutResponse,
}

/// <summary>A local adapter's state.</summary>
/// <param name="Address">Its Bluetooth address.</param>
/// <param name="Powered">Whether the radio is on.</param>
public sealed record BleAdapterInfo(string Address, bool Powered);

/// <summary>A local Bluetooth adapter.</summary>
public interface IBleAdapter
{
    /// <summary>The adapter's address and power state, or null when bluetoothd has no such adapter.</summary>
    Task<BleAdapterInfo?> GetAdapterInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Every device the adapter knows (ObjectManager snapshot).</summary>
    Task<IReadOnlyList<BleDeviceInfo>> GetDevicesAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="onEvent"/> for devices added and removed until the result is disposed.</summary>
    Task<IDisposable> WatchDevicesAsync(Action<BleDeviceEvent> onEvent);

    /// <summary>Sets an LE discovery filter and starts discovery.</summary>
    Task StartDiscoveryAsync(BleDiscoveryFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Stops discovery.</summary>
    Task StopDiscoveryAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onAvailabilityChanged"/> with false when bluetoothd leaves the bus (it
    /// crashed or restarts: every connection and notify session is gone) and with true when it is
    /// back, until the result is disposed.
    /// </summary>
    Task<IDisposable> WatchServiceAsync(Action<bool> onAvailabilityChanged);

    /// <summary>The device with this address on this adapter (it need not be known yet).</summary>
    IBleDevice GetDevice(string address);
}

/// <summary>A remote BLE device.</summary>
public interface IBleDevice
{
    /// <summary>The Bluetooth address.</summary>
    string Address { get; }

    /// <summary>Connects.</summary>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>Disconnects.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken = default);

    /// <summary>The current properties.</summary>
    Task<BleDeviceInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="onChanged"/> whenever the device's <c>Connected</c> property changes, until the result is disposed.</summary>
    Task<IDisposable> WatchConnectedAsync(Action<bool> onChanged);

    /// <summary>Completes once the GATT services are resolved; cancel to give up.</summary>
    Task WaitForServicesResolvedAsync(CancellationToken cancellationToken);

    /// <summary>The battery level in percent (org.bluez.Battery1), or null when the device has none.</summary>
    Task<byte?> GetBatteryLevelAsync(CancellationToken cancellationToken = default);

    /// <summary>The characteristic with this UUID (in the given service, when given), or null.</summary>
    Task<IBleCharacteristic?> FindCharacteristicAsync(Guid characteristicUuid, Guid? serviceUuid = null, CancellationToken cancellationToken = default);
}

/// <summary>A GATT characteristic.</summary>
public interface IBleCharacteristic
{
    /// <summary>The characteristic UUID.</summary>
    Guid Uuid { get; }

    /// <summary>The GATT properties BlueZ reports (<c>Flags</c>): read, write, notify, indicate, ...</summary>
    IReadOnlyList<string> Flags { get; }

    /// <summary>Reads the value.</summary>
    Task<byte[]> ReadValueAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes a value, with or without response.</summary>
    Task WriteValueAsync(ReadOnlyMemory<byte> value, BleWriteType writeType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enables notifications and calls <paramref name="onValue"/> for each one, in order, until the
    /// result is disposed (which stops notifications). <c>AcquireNotify</c> (a socket, one read per
    /// notification) is tried first; when BlueZ refuses it, <c>StartNotify</c> with <c>Value</c>
    /// property changes. The value is valid during the call only. The callback must not block; its
    /// exceptions are swallowed.
    /// </summary>
    Task<IBleSubscription> SubscribeAsync(Action<ReadOnlyMemory<byte>> onValue, CancellationToken cancellationToken = default);
}

/// <summary>How notifications reach the client.</summary>
public enum BleNotifyMethod
{
    /// <summary><c>AcquireNotify</c>: a SOCK_SEQPACKET socket of bluetoothd, one read per notification.</summary>
    AcquiredSocket,

    /// <summary><c>StartNotify</c>: one <c>PropertiesChanged</c> signal (<c>Value</c>) per notification.</summary>
    PropertiesChanged,
}

/// <summary>Notifications of one characteristic; disposing stops them and releases everything they hold.</summary>
public interface IBleSubscription : IAsyncDisposable
{
    /// <summary>How the notifications arrive.</summary>
    BleNotifyMethod Method { get; }

    /// <summary>
    /// Completes when the notifications end by themselves: the acquired socket hung up (the device
    /// disconnected or bluetoothd went away). Never completes for <see cref="BleNotifyMethod.PropertiesChanged"/>;
    /// watch <see cref="IBleDevice.WatchConnectedAsync"/> and <see cref="IBleAdapter.WatchServiceAsync"/> for those.
    /// </summary>
    Task Closed { get; }
}

/// <summary>A BLE operation failed; <see cref="ErrorName"/> carries the BlueZ error (org.bluez.Error.*).</summary>
public sealed class BleException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public BleException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public BleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public BleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a D-Bus error reply.</summary>
    public BleException(string errorName, string message, Exception innerException)
        : base(message, innerException) => ErrorName = errorName;

    /// <summary>The D-Bus error name, when the failure was an error reply.</summary>
    public string? ErrorName { get; }
}
