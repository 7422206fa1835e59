using System.Collections.Concurrent;
using Tmds.DBus.Protocol;

namespace LoadSense.Ble.Tests;

public sealed class BlueZAdapterTests(BlueZMockFixture bus) : IClassFixture<BlueZMockFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly Guid ServiceUuid = Guid.Parse("4c530001-0000-1000-8000-00805f9b34fb");
    private static readonly Guid DataUuid = Guid.Parse("4c530002-0000-1000-8000-00805f9b34fb");
    private static readonly Guid ControlUuid = Guid.Parse("4c530003-0000-1000-8000-00805f9b34fb");

    [Fact]
    public void ResolveSystemBusAddress_PrefersTheEnvironment()
    {
        Assert.Equal("unix:path=/tmp/x", BlueZBus.ResolveSystemBusAddress("unix:path=/tmp/x"));
        Assert.Equal("unix:path=/var/run/dbus/system_bus_socket", BlueZBus.ResolveSystemBusAddress(null));
        Assert.Equal("unix:path=/var/run/dbus/system_bus_socket", BlueZBus.ResolveSystemBusAddress(" "));
    }

    [Fact]
    public async Task ConnectAsync_HonoursDbusSystemBusAddress()
    {
        var previous = Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
        Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", bus.BusAddress);
        try
        {
            await bus.AddDeviceAsync("10:00:00:00:00:01", "LS-env");
            using var adapter = await BlueZAdapter.ConnectAsync();
            var devices = await adapter.GetDevicesAsync();
            Assert.Contains(devices, d => d.Address == "10:00:00:00:00:01");
        }
        finally
        {
            Environment.SetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS", previous);
        }
    }

    [Fact]
    public async Task GetDevicesAsync_ListsDevicesWithNameAndRssi()
    {
        var path = await bus.AddDeviceAsync("10:00:00:00:00:02", "LS-wrist");
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);

        var device = Assert.Single(await adapter.GetDevicesAsync(), d => d.Address == "10:00:00:00:00:02");

        Assert.Equal(new BleDeviceInfo(path, "10:00:00:00:00:02", "LS-wrist", -79, connected: false, servicesResolved: false), device with { ServiceUuids = [] });
        Assert.Empty(device.ServiceUuids);
    }

    [Fact]
    public async Task WatchDevicesAsync_ReportsAddedDevices()
    {
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var added = new TaskCompletionSource<BleDeviceEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (await adapter.WatchDevicesAsync(e =>
        {
            if (e.Device?.Address == "10:00:00:00:00:03")
            {
                added.TrySetResult(e);
            }
        }))
        {
            await bus.AddDeviceAsync("10:00:00:00:00:03", "LS-hip");
            var e = await added.Task.WaitAsync(Patience);
            Assert.Equal(BleDeviceEventKind.Added, e.Kind);
            Assert.Equal("LS-hip", e.Device!.Name);
        }
    }

    [Fact]
    public async Task StartDiscoveryAsync_WithFilter_Succeeds()
    {
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        await adapter.StartDiscoveryAsync(new BleDiscoveryFilter([ServiceUuid], MinimumRssi: -90));
        await adapter.StopDiscoveryAsync();
    }

    [Fact]
    public async Task GetDevicesAsync_Advertising_ReportsServiceUuidsAndRssi()
    {
        await bus.AddSensorAsync("10:00:00:00:00:08", "LS-adv", ServiceUuid, DataUuid, ControlUuid);
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);

        var device = Assert.Single(await adapter.GetDevicesAsync(), d => d.Address == "10:00:00:00:00:08");

        Assert.Equal([ServiceUuid], device.ServiceUuids);
        Assert.Equal((short)-61, device.Rssi);
    }

    [Fact]
    public async Task StartDiscoveryAsync_WithFilter_SendsLeTransportAndUuids()
    {
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        await adapter.StartDiscoveryAsync(new BleDiscoveryFilter([ServiceUuid, DataUuid], MinimumRssi: -90));
        await adapter.StopDiscoveryAsync();

        var filter = (await bus.GetMethodCallsAsync(adapter.Path, "SetDiscoveryFilter"))[^1][0].GetDictionary<string, VariantValue>();
        Assert.Equal("le", filter["Transport"].GetString());
        Assert.Equal([ServiceUuid.ToString(), DataUuid.ToString()], filter["UUIDs"].GetArray<string>());
        Assert.Equal((short)-90, filter["RSSI"].GetInt16());
        Assert.NotEmpty(await bus.GetMethodCallsAsync(adapter.Path, "StartDiscovery"));
    }

    [Fact]
    public async Task WatchConnectedAsync_LinkLost_ReportsFalse()
    {
        var sensor = await bus.AddSensorAsync("10:00:00:00:00:09", "LS-drop", ServiceUuid, DataUuid, ControlUuid);
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var device = adapter.GetDevice("10:00:00:00:00:09");
        var changes = new BlockingCollection<bool>();
        using (await device.WatchConnectedAsync(changes.Add))
        {
            await device.ConnectAsync();
            await bus.DropLinkAsync(sensor.Device);

            Assert.True(changes.TryTake(out var first, Patience) && first, "Connected went true");
            Assert.True(changes.TryTake(out var second, Patience) && !second, "Connected went false");
        }
    }

    [Fact]
    public async Task SubscribeAsync_AcquireNotify_ReadsOneNotificationPerDatagramUntilHangUp()
    {
        var sensor = await bus.AddSensorAsync("10:00:00:00:00:0A", "LS-acquire", ServiceUuid, DataUuid, ControlUuid);
        await bus.EnableAcquireNotifyAsync(sensor.Data, 247);
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var device = adapter.GetDevice("10:00:00:00:00:0A");
        await device.ConnectAsync();
        var data = (await device.FindCharacteristicAsync(DataUuid, ServiceUuid))!;
        Assert.Equal(["notify"], data.Flags);
        var received = new BlockingCollection<byte[]>();

        await using var subscription = await data.SubscribeAsync(v => received.Add(v.ToArray()));

        Assert.Equal(BleNotifyMethod.AcquiredSocket, subscription.Method);
        Assert.Equal((ushort)247, Assert.IsType<AcquiredSubscription>(subscription).Mtu);
        byte[][] sent = [[1, 2, 3], [1, 2, 3], [], [.. Enumerable.Range(0, 244).Select(i => (byte)i)]];
        foreach (var value in sent)
        {
            await bus.NotifyAsync(sensor.Data, value);
        }

        foreach (var value in sent)
        {
            Assert.True(received.TryTake(out var got, Patience), "a notification did not arrive");
            Assert.Equal(value, got);
        }

        Assert.False(subscription.Closed.IsCompleted);
        Assert.Empty(await bus.GetMethodCallsAsync(sensor.Data, "StartNotify"));
        await bus.DropLinkAsync(sensor.Device);
        await subscription.Closed.WaitAsync(Patience);
    }

    [Fact]
    public async Task SubscribeAsync_AcquireNotifyRefused_FallsBackToStartNotify()
    {
        var sensor = await bus.AddSensorAsync("10:00:00:00:00:0B", "LS-fallback", ServiceUuid, DataUuid, ControlUuid);
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var data = (await adapter.GetDevice("10:00:00:00:00:0B").FindCharacteristicAsync(DataUuid))!;
        var received = new BlockingCollection<byte[]>();

        var subscription = await data.SubscribeAsync(v => received.Add(v.ToArray()));
        await bus.NotifyAsync(sensor.Data, [4, 5]);

        Assert.Equal(BleNotifyMethod.PropertiesChanged, subscription.Method);
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Data, "AcquireNotify"));
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Data, "StartNotify"));
        Assert.True(received.TryTake(out var got, Patience) && got.SequenceEqual(new byte[] { 4, 5 }), "the notification arrived");
        await subscription.DisposeAsync();
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Data, "StopNotify"));
        Assert.False(subscription.Closed.IsCompleted, "a StartNotify session ends only when disposed");
    }

    [Fact]
    public async Task ConnectAsync_ThenServicesResolved_CompletesTheWait()
    {
        var path = await bus.AddDeviceAsync("10:00:00:00:00:04", "LS-wrist");
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var device = adapter.GetDevice("10:00:00:00:00:04");

        await device.ConnectAsync();
        Assert.True((await device.GetInfoAsync()).Connected);
        var wait = device.WaitForServicesResolvedAsync(new CancellationTokenSource(Patience).Token);
        await bus.MockAsync("SetServicesResolved", "sb", (ref MessageWriter w) =>
        {
            w.WriteString(path);
            w.WriteBool(true);
        });
        await wait;

        var again = await Assert.ThrowsAsync<BleException>(() => device.ConnectAsync());
        Assert.Equal("org.bluez.Error.AlreadyConnected", again.ErrorName);
        await device.DisconnectAsync();
        Assert.False((await device.GetInfoAsync()).Connected);
    }

    [Fact]
    public async Task WaitForServicesResolvedAsync_NeverResolved_IsCancelled()
    {
        await bus.AddDeviceAsync("10:00:00:00:00:05", "LS-stuck");
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => adapter.GetDevice("10:00:00:00:00:05").WaitForServicesResolvedAsync(cancel.Token));
    }

    [Fact]
    public async Task GetBatteryLevelAsync_ReadsBattery1OrNull()
    {
        var path = await bus.AddDeviceAsync("10:00:00:00:00:06", "LS-battery");
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var device = adapter.GetDevice("10:00:00:00:00:06");
        Assert.Null(await device.GetBatteryLevelAsync());

        await bus.MockAsync("AddBattery", "sy", (ref MessageWriter w) =>
        {
            w.WriteString(path);
            w.WriteByte(87);
        });

        Assert.Equal((byte)87, await device.GetBatteryLevelAsync());
    }

    [Fact]
    public async Task Characteristic_FoundByUuid_WritesReadsAndNotifies()
    {
        var path = await bus.AddDeviceAsync("10:00:00:00:00:07", "LS-gatt");
        var service = await bus.MockStringAsync("AddGattService", "sss", (ref MessageWriter w) =>
        {
            w.WriteString(path);
            w.WriteString("service000c");
            w.WriteString(ServiceUuid.ToString());
        });
        var data = await AddCharacteristicAsync(service, "char000d", DataUuid);
        var control = await AddCharacteristicAsync(service, "char0010", ControlUuid);
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var device = adapter.GetDevice("10:00:00:00:00:07");

        Assert.Null(await device.FindCharacteristicAsync(Guid.NewGuid()));
        Assert.Null(await device.FindCharacteristicAsync(DataUuid, Guid.NewGuid()));
        var controlPoint = Assert.IsType<BlueZCharacteristic>(await device.FindCharacteristicAsync(ControlUuid, ServiceUuid));
        Assert.Equal(control, controlPoint.Path);

        await controlPoint.WriteValueAsync(new byte[] { 0x02, 0x01 }, BleWriteType.WithResponse);
        await controlPoint.WriteValueAsync(new byte[] { 0x03 }, BleWriteType.WithoutResponse);
        var writes = await bus.Control.CallAsync("/", "org.bluez.Mock", "GetWrites", "s", (ref MessageWriter w) => w.WriteString(control),
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                var list = new List<(byte[], string)>();
                var end = reader.ReadArrayStart(DBusType.Struct);
                while (reader.HasNext(end))
                {
                    reader.AlignStruct();
                    list.Add((reader.ReadArrayOfByte(), reader.ReadString()));
                }

                return list;
            }, CancellationToken.None);
        Assert.Equal(2, writes.Count);
        Assert.Equal(new byte[] { 0x02, 0x01 }, writes[0].Item1);
        Assert.Equal("request", writes[0].Item2);
        Assert.Equal(new byte[] { 0x03 }, writes[1].Item1);
        Assert.Equal("command", writes[1].Item2);

        var dataPoint = (await device.FindCharacteristicAsync(DataUuid))!;
        var received = new BlockingCollection<byte[]>();
        var subscription = await dataPoint.SubscribeAsync(v => received.Add(v.ToArray()));
        Assert.Equal(BleNotifyMethod.PropertiesChanged, subscription.Method);
        byte[][] sent = [[1, 2, 3], [1, 2, 3], [9]];
        foreach (var value in sent)
        {
            await NotifyAsync(data, value);
        }

        foreach (var value in sent)
        {
            Assert.True(received.TryTake(out var got, Patience), "a notification did not arrive");
            Assert.Equal(value, got);
        }

        Assert.Equal(new byte[] { 9 }, await dataPoint.ReadValueAsync());
        await subscription.DisposeAsync();
        await NotifyAsync(data, [7]);
        await dataPoint.ReadValueAsync(); // a round trip: the notification, had it been delivered, came first
        Assert.Empty(received);
        await subscription.DisposeAsync();
    }

    private Task<string> AddCharacteristicAsync(string service, string name, Guid uuid) =>
        bus.AddCharacteristicAsync(service, name, uuid, ["read", "write", "write-without-response", "notify"]);

    private Task NotifyAsync(string characteristic, byte[] value) => bus.NotifyAsync(characteristic, value);
}
