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

        var template = Path.Combine(AppContext.BaseDirectory, "dbusmock", "loadsense_bluez.py");
        var mockStart = new ProcessStartInfo("/usr/bin/python3") { WorkingDirectory = _directory, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-m", "dbusmock", "--template", template })
        {
            mockStart.ArgumentList.Add(argument);
        }

        mockStart.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress;
        _mock = Process.Start(mockStart)!;

        _control = new DBusConnection(BusAddress);
        await _control.ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await _control.ListServicesAsync()).Contains("org.bluez"))
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

    /// <summary>Calls an org.bluez.Mock method of the template.</summary>
    internal Task MockAsync(string member, string? signature, BodyWriter? body) =>
        Control.CallAsync("/", "org.bluez.Mock", member, signature, body, CancellationToken.None);

    /// <summary>Calls an org.bluez.Mock method that returns a string (an object path).</summary>
    internal Task<string> MockStringAsync(string member, string signature, BodyWriter body) =>
        Control.CallAsync("/", "org.bluez.Mock", member, signature, body, static (m, _) => m.GetBodyReader().ReadString(), CancellationToken.None);

    /// <summary>Adds a device to hci0 and returns its path.</summary>
    public Task<string> AddDeviceAsync(string address, string name) =>
        MockStringAsync("AddDevice", "sss", (ref MessageWriter w) =>
        {
            w.WriteString("hci0");
            w.WriteString(address);
            w.WriteString(name);
        });

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
