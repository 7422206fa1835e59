using LoadSense.Ble.Tests;
using Microsoft.Data.Sqlite;
using static LoadSense.Cli.Tests.Service.SessionHarness;

namespace LoadSense.Cli.Tests.Commands;

/// <summary><c>loadsense doctor</c>'s BlueZ check as a real process against the private dbus-daemon and dbusmock's BlueZ.</summary>
public sealed class DoctorCommandTests(BlueZMockFixture bus) : IClassFixture<BlueZMockFixture>, IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    private Dictionary<string, string> Bus => new() { ["DBUS_SYSTEM_BUS_ADDRESS"] = bus.BusAddress };

    [Fact]
    public async Task Doctor_PairedSensorKnownToBluetoothd_PassesTheBluezCheck()
    {
        await bus.AddSensorAsync("30:00:00:00:00:31", "LoadSense 31", V1Service, V1Data, V1Control);
        Assert.Equal(0, (await _cli.RunAsync("pair", "30:00:00:00:00:31", "--patient", "p1", "--placement", "hip")).ExitCode);

        var (code, stdout, stderr) = await _cli.RunAsync(Bus, "doctor");

        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"ok    bluez: adapter hci0 \([0-9A-F:]+\) powered; 1 paired sensor, all known to bluetoothd", stdout);
    }

    [Fact]
    public async Task Doctor_PairedSensorUnknownToBluetoothd_FailsNamingIt()
    {
        Assert.Equal(0, (await _cli.RunAsync("pair", "30:00:00:00:00:39", "--patient", "p1", "--placement", "wrist")).ExitCode);

        var (code, stdout, _) = await _cli.RunAsync(Bus, "doctor");

        Assert.Equal(4, code);
        Assert.Contains("FAIL  bluez:", stdout, StringComparison.Ordinal);
        Assert.Contains("not known to bluetoothd: 30:00:00:00:00:39", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NoBusAndNothingPaired_ReportsBluezWithoutFailing()
    {
        var environment = new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + Path.Combine(_cli.Directory, "no-bus") };

        var (code, stdout, stderr) = await _cli.RunAsync(environment, "doctor");

        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"ok    bluez: Cannot reach bluetoothd's D-Bus system bus .*; not needed while no sensor is paired", stdout);
    }

    [Fact]
    public async Task Doctor_NoBusWithASensorPaired_Fails()
    {
        Assert.Equal(0, (await _cli.RunAsync("pair", "30:00:00:00:00:3A", "--patient", "p1", "--placement", "hip")).ExitCode);
        var environment = new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + Path.Combine(_cli.Directory, "no-bus") };

        var (code, stdout, _) = await _cli.RunAsync(environment, "doctor");

        Assert.Equal(4, code);
        Assert.Contains("FAIL  bluez: Cannot reach bluetoothd's D-Bus system bus", stdout, StringComparison.Ordinal);
    }
}
