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

        Assert.Equal(new BleDeviceInfo(path, "10:00:00:00:00:02", "LS-wrist", -79, Connected: false, ServicesResolved: false), device);
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
        bus.MockStringAsync("AddGattCharacteristic", "sssas", (ref MessageWriter w) =>
        {
            w.WriteString(service);
            w.WriteString(name);
            w.WriteString(uuid.ToString());
            w.WriteArray(new[] { "read", "write", "write-without-response", "notify" });
        });

    private Task NotifyAsync(string characteristic, byte[] value) =>
        bus.MockAsync("Notify", "say", (ref MessageWriter w) =>
        {
            w.WriteString(characteristic);
            w.WriteArray(value);
        });
}
