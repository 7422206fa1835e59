using System.Diagnostics;
using Tmds.DBus.Protocol;

namespace LoadSense.Ble.Tests;

/// <summary>
/// A private dbus-daemon in a temp dir serving Debian's python3-dbusmock bluez5 template plus GATT
/// objects (dbusmock/loadsense_bluez.py), with adapter hci0. Missing packages fail with an install hint.
/// </summary>
public sealed class BlueZMockFixture : IAsyncLifetime, IDisposable
{
    private const string InstallHint = "install them with: sudo apt-get install dbus python3-dbusmock (scripts/test.sh does this as root)";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "loadsense-ble-" + Guid.NewGuid().ToString("N"));
    private Process? _daemon;
    private Process? _mock;
    private DBusConnection? _control;

    public string BusAddress { get; private set; } = string.Empty;

    internal BlueZBus Control => new(_control ?? throw new InvalidOperationException("The fixture is not started."));

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/bin/dbus-daemon"))
        {
            throw new InvalidOperationException("dbus-daemon is missing: " + InstallHint);
        }

        using (var probe = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import dbusmock\"") { RedirectStandardError = true })!)
        {
            await probe.WaitForExitAsync();
            if (probe.ExitCode != 0)
            {
                throw new InvalidOperationException("python3-dbusmock is missing: " + InstallHint);
            }
        }

        Directory.CreateDirectory(_directory);
        var daemonStart = new ProcessStartInfo("/usr/bin/dbus-daemon")
        {
            RedirectStandardOutput = true,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[] { "--session", "--print-address", "--nofork", $"--address=unix:dir={_directory}" })
        {
            daemonStart.ArgumentList.Add(argument);
        }

        _daemon = Process.Start(daemonStart)!;
        BusAddress = (await _daemon.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)))?.Trim()
            ?? throw new InvalidOperationException("dbus-daemon printed no address");

        _control = new DBusConnection(BusAddress);
        await _control.ConnectAsync();
        await StartMockAsync();
    }

    /// <summary>
    /// Kills the mock bluetoothd and starts a new one on the same bus name, as systemd restarts a
    /// crashed bluetoothd: every object (adapter hci0 is added again), connection and notify session is gone.
    /// </summary>
    public async Task RestartMockAsync()
    {
        Stop(_mock);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await _control!.ListServicesAsync()).Contains("org.bluez"))
        {
            await Task.Delay(20, timeout.Token);
        }

        await StartMockAsync();
    }

    private async Task StartMockAsync()
    {
        var template = Path.Combine(AppContext.BaseDirectory, "dbusmock", "loadsense_bluez.py");
        var mockStart = new ProcessStartInfo("/usr/bin/python3") { WorkingDirectory = _directory, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-m", "dbusmock", "--template", template })
        {
            mockStart.ArgumentList.Add(argument);
        }

        mockStart.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress;
        _mock = Process.Start(mockStart)!;
        // dbusmock logs every call on stdout: drain it, or a full pipe blocks the mock mid-test.
        _mock.OutputDataReceived += (_, _) => { };
        _mock.BeginOutputReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await _control!.ListServicesAsync()).Contains("org.bluez"))
        {
            if (_mock.HasExited)
            {
                throw new InvalidOperationException($"dbusmock exited with {_mock.ExitCode}");
            }

            await Task.Delay(50, timeout.Token);
        }

        await MockAsync("AddAdapter", "ss", (ref MessageWriter w) =>
        {
            w.WriteString("hci0");
            w.WriteString("loadsense-test");
        });
    }

    /// <summary>Stops the dbus-daemon itself (the system bus going away); nothing on this fixture works afterwards.</summary>
    public void KillBus()
    {
        Stop(_daemon);
        _daemon = null;
    }

    /// <summary>The arguments of every call of <paramref name="method"/> on the object, as dbusmock recorded them (org.freedesktop.DBus.Mock.GetMethodCalls).</summary>
    public Task<List<VariantValue[]>> GetMethodCallsAsync(string path, string method) =>
        Control.CallAsync(path, "org.freedesktop.DBus.Mock", "GetMethodCalls", "s", (ref MessageWriter w) => w.WriteString(method),
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                var calls = new List<VariantValue[]>();
                var end = reader.ReadArrayStart(DBusType.Struct);
                while (reader.HasNext(end))
                {
                    reader.AlignStruct();
                    reader.ReadUInt64();
                    calls.Add(reader.ReadArrayOfVariantValue());
                }

                return calls;
            }, CallTimeout);

    /// <summary>The values written to a characteristic (WriteValue's first argument), in order.</summary>
    public async Task<List<byte[]>> GetWritesAsync(string characteristicPath) =>
        [.. (await GetMethodCallsAsync(characteristicPath, "WriteValue")).Select(args => args[0].GetArray<byte>())];

    // A mock that stops answering fails the test instead of hanging it.
    private static CancellationToken CallTimeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>Calls an org.bluez.Mock method of the template.</summary>
    internal Task MockAsync(string member, string? signature, BodyWriter? body) =>
        Control.CallAsync("/", "org.bluez.Mock", member, signature, body, CallTimeout);

    /// <summary>Calls an org.bluez.Mock method that returns a string (an object path).</summary>
    internal Task<string> MockStringAsync(string member, string signature, BodyWriter body) =>
        Control.CallAsync("/", "org.bluez.Mock", member, signature, body, static (m, _) => m.GetBodyReader().ReadString(), CallTimeout);

    /// <summary>Adds a device to hci0 and returns its path.</summary>
    public Task<string> AddDeviceAsync(string address, string name) =>
        MockStringAsync("AddDevice", "sss", (ref MessageWriter w) =>
        {
            w.WriteString("hci0");
            w.WriteString(address);
            w.WriteString(name);
        });

    /// <summary>
    /// Adds a sensor with one GATT service holding a data characteristic (notify) and a control
    /// characteristic (write, plus <paramref name="controlFlags"/>), advertising the service.
    /// </summary>
    public async Task<MockSensor> AddSensorAsync(string address, string name, Guid service, Guid data, Guid control, params string[] controlFlags)
    {
        string device = await AddDeviceAsync(address, name);
        await MockAsync("SetAdvertisement", "sasn", (ref MessageWriter w) =>
        {
            w.WriteString(device);
            w.WriteArray(new[] { service.ToString() });
            w.WriteInt16(-61);
        });
        string servicePath = await MockStringAsync("AddGattService", "sss", (ref MessageWriter w) =>
        {
            w.WriteString(device);
            w.WriteString("service0010");
            w.WriteString(service.ToString());
        });
        string dataPath = await AddCharacteristicAsync(servicePath, "char0011", data, ["notify"]);
        string controlPath = await AddCharacteristicAsync(servicePath, "char0014", control, ["write", .. controlFlags]);
        return new MockSensor(device, dataPath, controlPath);
    }

    /// <summary>Adds a characteristic to a service and returns its path.</summary>
    public Task<string> AddCharacteristicAsync(string service, string name, Guid uuid, string[] flags) =>
        MockStringAsync("AddGattCharacteristic", "sssas", (ref MessageWriter w) =>
        {
            w.WriteString(service);
            w.WriteString(name);
            w.WriteString(uuid.ToString());
            w.WriteArray(flags);
        });

    /// <summary>Sends one notification: on the acquired socket when the client holds one, else as PropertiesChanged.</summary>
    public Task NotifyAsync(string characteristic, byte[] value) =>
        MockAsync("Notify", "say", (ref MessageWriter w) =>
        {
            w.WriteString(characteristic);
            w.WriteArray(value);
        });

    /// <summary>Calls a mock method taking an object path and a flag (SetAutoResolve, SetRefuseConnect, SetServicesResolved).</summary>
    public Task SetAsync(string member, string path, bool value) =>
        MockAsync(member, "sb", (ref MessageWriter w) =>
        {
            w.WriteString(path);
            w.WriteBool(value);
        });

    /// <summary>Lets AcquireNotify succeed on the characteristic with this MTU.</summary>
    public Task EnableAcquireNotifyAsync(string characteristic, ushort mtu) =>
        MockAsync("EnableAcquireNotify", "sq", (ref MessageWriter w) =>
        {
            w.WriteString(characteristic);
            w.WriteUInt16(mtu);
        });

    /// <summary>Match rules held on the bus by every client (org.freedesktop.DBus.Debug.Stats): a leaked signal watch shows here.</summary>
    public async Task<int> CountMatchRulesAsync()
    {
        MessageBuffer message;
        MessageWriter writer = _control!.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Debug.Stats", "GetAllMatchRules", null, MessageFlags.None);
            message = writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }

        return await _control.CallMethodAsync(message, static (m, _) =>
        {
            var reader = m.GetBodyReader();
            int rules = 0;
            var end = reader.ReadDictionaryStart();
            while (reader.HasNext(end))
            {
                reader.ReadString();
                rules += reader.ReadArrayOfString().Length;
            }

            return rules;
        });
    }

    /// <summary>The link to the device is lost.</summary>
    public Task DropLinkAsync(string device) => MockAsync("DropLink", "s", (ref MessageWriter w) => w.WriteString(device));

    public Task DisposeAsync()
    {
        _control?.Dispose();
        Stop(_mock);
        Stop(_daemon);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A socket may linger; the temp dir is harmless.
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _control?.Dispose();

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}

/// <summary>Object paths of a mock sensor.</summary>
public sealed record MockSensor(string Device, string Data, string Control);
