using Tmds.DBus.Protocol;

namespace LoadSense.Ble;

/// <summary>Writes a method call's body.</summary>
internal delegate void BodyWriter(ref MessageWriter writer);

/// <summary>The D-Bus calls and signal watches this library makes to bluetoothd (bus name org.bluez).</summary>
internal sealed class BlueZBus(DBusConnection connection)
{
    public const string Service = "org.bluez";
    public const string AdapterInterface = "org.bluez.Adapter1";
    public const string DeviceInterface = "org.bluez.Device1";
    public const string BatteryInterface = "org.bluez.Battery1";
    public const string GattServiceInterface = "org.bluez.GattService1";
    public const string GattCharacteristicInterface = "org.bluez.GattCharacteristic1";
    private const string ObjectManagerInterface = "org.freedesktop.DBus.ObjectManager";
    private const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    /// <summary>The system bus address: DBUS_SYSTEM_BUS_ADDRESS when set, else the standard socket.</summary>
    public static string ResolveSystemBusAddress(string? environmentValue) =>
        string.IsNullOrWhiteSpace(environmentValue) ? "unix:path=/var/run/dbus/system_bus_socket" : environmentValue;

    public DBusConnection Connection { get; } = connection;

    public async Task CallAsync(string path, string @interface, string member, string? signature, BodyWriter? body, CancellationToken cancellationToken)
    {
        var message = CreateCall(path, @interface, member, signature, body);
        try
        {
            await Connection.CallMethodAsync(message).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e)
        {
            throw Translate(e, path, member);
        }
    }

    public async Task<T> CallAsync<T>(string path, string @interface, string member, string? signature, BodyWriter? body, MessageValueReader<T> reader, CancellationToken cancellationToken)
    {
        var message = CreateCall(path, @interface, member, signature, body);
        try
        {
            return await Connection.CallMethodAsync(message, reader).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException e)
        {
            throw Translate(e, path, member);
        }
    }

    /// <summary>GetManagedObjects: path → interface → property → value.</summary>
    public Task<Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>>> GetManagedObjectsAsync(CancellationToken cancellationToken) =>
        CallAsync("/", ObjectManagerInterface, "GetManagedObjects", null, null, static (message, _) =>
        {
            var reader = message.GetBodyReader();
            var objects = new Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>>(StringComparer.Ordinal);
            var end = reader.ReadDictionaryStart();
            while (reader.HasNext(end))
            {
                var path = reader.ReadObjectPathAsString();
                objects[path] = ReadInterfaces(ref reader);
            }

            return objects;
        }, cancellationToken);

    public Task<Dictionary<string, VariantValue>> GetAllAsync(string path, string @interface, CancellationToken cancellationToken) =>
        CallAsync(path, PropertiesInterface, "GetAll", "s", (ref MessageWriter w) => w.WriteString(@interface),
            static (message, _) => message.GetBodyReader().ReadDictionaryOfStringToVariantValue(), cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> with the changed properties of one interface of one object.</summary>
    public Task<IDisposable> WatchPropertiesAsync(string path, string @interface, Action<Dictionary<string, VariantValue>> onChanged)
    {
        var rule = new MatchRule
        {
            Type = MessageType.Signal,
            Path = path,
            Interface = PropertiesInterface,
            Member = "PropertiesChanged",
            Arg0 = @interface,
        };
        return Connection.AddMatchAsync(rule, static (message, _) =>
        {
            var reader = message.GetBodyReader();
            var changedInterface = reader.ReadString();
            var changed = reader.ReadDictionaryOfStringToVariantValue();
            return (changedInterface, changed);
        }, (Notification<(string Interface, Dictionary<string, VariantValue> Changed)> n) =>
        {
            if (n.HasValue && n.Value.Interface == @interface)
            {
                Guard(() => onChanged(n.Value.Changed));
            }
        }, false, ObserverFlags.None).AsTask();
    }

    /// <summary>Calls the handlers for ObjectManager InterfacesAdded and InterfacesRemoved.</summary>
    public async Task<IDisposable> WatchInterfacesAsync(
        Action<string, Dictionary<string, Dictionary<string, VariantValue>>> onAdded,
        Action<string, string[]> onRemoved)
    {
        var added = await Connection.AddMatchAsync(
            new MatchRule { Type = MessageType.Signal, Interface = ObjectManagerInterface, Member = "InterfacesAdded" },
            static (message, _) =>
            {
                var reader = message.GetBodyReader();
                var path = reader.ReadObjectPathAsString();
                return (path, ReadInterfaces(ref reader));
            },
            (Notification<(string Path, Dictionary<string, Dictionary<string, VariantValue>> Interfaces)> n) =>
            {
                if (n.HasValue)
                {
                    Guard(() => onAdded(n.Value.Path, n.Value.Interfaces));
                }
            }, false, ObserverFlags.None).ConfigureAwait(false);
        try
        {
            var removed = await Connection.AddMatchAsync(
                new MatchRule { Type = MessageType.Signal, Interface = ObjectManagerInterface, Member = "InterfacesRemoved" },
                static (message, _) =>
                {
                    var reader = message.GetBodyReader();
                    var path = reader.ReadObjectPathAsString();
                    return (path, reader.ReadArrayOfString());
                },
                (Notification<(string Path, string[] Interfaces)> n) =>
                {
                    if (n.HasValue)
                    {
                        Guard(() => onRemoved(n.Value.Path, n.Value.Interfaces));
                    }
                }, false, ObserverFlags.None).ConfigureAwait(false);
            return new Both(added, removed);
        }
        catch
        {
            added.Dispose();
            throw;
        }
    }

    /// <summary>Calls <paramref name="onOwnerChanged"/> with true when org.bluez gets an owner and false when it loses it.</summary>
    public Task<IDisposable> WatchServiceOwnerAsync(Action<bool> onOwnerChanged)
    {
        var rule = new MatchRule
        {
            Type = MessageType.Signal,
            Sender = "org.freedesktop.DBus",
            Path = "/org/freedesktop/DBus",
            Interface = "org.freedesktop.DBus",
            Member = "NameOwnerChanged",
            Arg0 = Service,
        };
        return Connection.AddMatchAsync(rule, static (message, _) =>
        {
            var reader = message.GetBodyReader();
            string name = reader.ReadString();
            reader.ReadString();
            return (name, NewOwner: reader.ReadString());
        }, (Notification<(string Name, string NewOwner)> n) =>
        {
            if (n.HasValue && n.Value.Name == Service)
            {
                Guard(() => onOwnerChanged(n.Value.NewOwner.Length > 0));
            }
        }, false, ObserverFlags.None).AsTask();
    }

    public static string? GetString(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.String ? v.GetString() : null;

    public static string? GetObjectPath(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.ObjectPath ? v.GetObjectPathAsString() : null;

    public static bool GetBool(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Bool && v.GetBool();

    public static short? GetInt16(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Int16 ? v.GetInt16() : null;

    /// <summary>A string array property (as), or empty when absent or of another type.</summary>
    public static string[] GetStrings(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Array && v.ItemType == VariantValueType.String ? v.GetArray<string>() : [];

    public static byte? GetByte(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Byte ? v.GetByte() : null;

    /// <summary>A byte array property (ay), or null when absent or of another type.</summary>
    public static byte[]? GetBytes(Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Array && v.ItemType == VariantValueType.Byte ? v.GetArray<byte>() : null;

    public static BleDeviceInfo ToDeviceInfo(string path, Dictionary<string, VariantValue> device) => new(
        path,
        GetString(device, "Address") ?? string.Empty,
        GetString(device, "Name") ?? GetString(device, "Alias"),
        GetInt16(device, "RSSI"),
        GetBool(device, "Connected"),
        GetBool(device, "ServicesResolved"),
        [.. GetStrings(device, "UUIDs").Select(u => Guid.TryParse(u, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)]);

    private static Dictionary<string, Dictionary<string, VariantValue>> ReadInterfaces(ref Reader reader)
    {
        var interfaces = new Dictionary<string, Dictionary<string, VariantValue>>(StringComparer.Ordinal);
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var name = reader.ReadString();
            interfaces[name] = reader.ReadDictionaryOfStringToVariantValue();
        }

        return interfaces;
    }

    /// <summary>A handler that throws would disconnect the whole connection: contain it.</summary>
#pragma warning disable CA1031 // Subscriber code runs on the D-Bus receive loop; no exception may escape into it.
    private static void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception)
        {
            // The subscriber's failure is its own; the bus stays up.
        }
    }
#pragma warning restore CA1031

    private MessageBuffer CreateCall(string path, string @interface, string member, string? signature, BodyWriter? body)
    {
        var writer = Connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(Service, path, @interface, member, signature, MessageFlags.None);
            body?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static BleException Translate(DBusErrorReplyException e, string path, string member) =>
        new(e.ErrorName, $"{member} on {path} failed: {e.ErrorName}: {e.Message}", e);

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
