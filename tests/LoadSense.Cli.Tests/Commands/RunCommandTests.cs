using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LoadSense.Cli.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private static readonly string[] SimulatedDevices = ["sim-01", "sim-02", "sim-03"];

    private readonly LoadSenseProcess _cli = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    private string StateFile => Path.Combine(_cli.Directory, "service-state.json");

    [Fact]
    public async Task Run_Simulate3ForEightSeconds_StoresEveryDeviceAndExitsZero()
    {
        var environment = new Dictionary<string, string> { ["LOADSENSE_LogLevel"] = "Information" };
        var watch = Stopwatch.StartNew();
        var (code, _, stderr) = await _cli.RunAsync(environment, "run", "--simulate", "3", "--seconds", "8", "--patient", "p01");
        Assert.True(code == 0, stderr);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(8), "real-time pacing: it ran for the full 8 s");
        foreach (string device in SimulatedDevices)
        {
            Assert.Contains($"{device} connected (simulated", stderr, StringComparison.Ordinal);
        }

        // A simulated sensor has no battery or radio: the final telemetry says so.
        Assert.Contains("battery unknown, RSSI unknown", stderr, StringComparison.Ordinal);

        Dictionary<string, (long Events, long Minutes, long Samples)> stored = await ReadStoreAsync("p01");
        Assert.Equal(SimulatedDevices, stored.Keys.Order());
        foreach ((string device, (long events, long minutes, long samples)) in stored)
        {
            Assert.True(events > 0, $"{device} stored steps");
            Assert.True(minutes > 0, $"{device} stored its open minute (flushed on stop)");
            // About 7 s at 50 Hz: one block per second once the first second has passed.
            Assert.InRange(samples, 200, 450);
        }

        string json = Path.Combine(_cli.Directory, "week.json");
        var (summaryCode, _, summaryErr) = await _cli.RunAsync("summary", "--patient", "p01", "--json", json);
        Assert.True(summaryCode == 0, summaryErr);
        using JsonDocument week = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        int steps = week.RootElement.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("steps").GetInt32());
        Assert.True(steps > 0, "the daily summaries were recomputed");

        using JsonDocument state = JsonDocument.Parse(await File.ReadAllTextAsync(StateFile));
        Assert.False(state.RootElement.GetProperty("running").GetBoolean());
        Assert.All(state.RootElement.GetProperty("devices").EnumerateArray(), d => Assert.Equal("stopped", d.GetProperty("state").GetString()));

        var (statusCode, status, statusErr) = await _cli.RunAsync("status");
        Assert.True(statusCode == 0, statusErr);
        Assert.Contains("outbox:       none", status, StringComparison.Ordinal);
        Assert.Contains("service:      stopped", status, StringComparison.Ordinal);
        foreach (string device in SimulatedDevices)
        {
            Assert.Matches($@"{device}\s+simulated\s+\w+\s+patient p01\s+stopped\s+last sample \d{{4}}-", status);
        }
    }

    [Fact]
    public async Task Run_Sigterm_FlushesEverythingAndExitsZero()
    {
        using Process process = _cli.Start(new Dictionary<string, string>(), "run", "--simulate", "3", "--patient", "p01");
        try
        {
            // Wait until every device has streamed for a while, as the state file says.
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (!await AllStreamingAsync())
            {
                Assert.False(process.HasExited, "the service stopped by itself");
                await Task.Delay(250, ready.Token);
            }

            using JsonDocument running = JsonDocument.Parse(await File.ReadAllTextAsync(StateFile));
            Assert.True(running.RootElement.GetProperty("running").GetBoolean());
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.Equal(0, await LoadSenseProcess.TerminateAndWaitAsync(process));
        }
        finally
        {
            LoadSenseProcess.KillIfRunning(process);
        }

        Dictionary<string, (long Events, long Minutes, long Samples)> stored = await ReadStoreAsync("p01");
        Assert.Equal(SimulatedDevices, stored.Keys.Order());
        // Less than a minute ran: minutes exist only because stopping flushed the open ones.
        Assert.All(stored.Values, v => Assert.True(v.Events > 0 && v.Minutes > 0, $"{v}"));
        using JsonDocument state = JsonDocument.Parse(await File.ReadAllTextAsync(StateFile));
        Assert.False(state.RootElement.GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task Run_NothingPaired_IdlesSayingSoAndExitsZero()
    {
        var environment = new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/bus" };
        var (code, _, stderr) = await _cli.RunAsync(environment, "run", "--seconds", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("No sensor is paired", stderr, StringComparison.Ordinal);
        Assert.Contains("Recording 0 paired sensors", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SensorPairedWhileRunningWithoutBus_WarnsRetriesAndKeepsRunning()
    {
        var environment = new Dictionary<string, string>
        {
            ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/bus",
            ["LOADSENSE_Sensors__PairedReloadSeconds"] = "1",
        };
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using Process process = _cli.Start(environment, log.Enqueue, "run");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            int Warnings() => log.Count(l => l.Contains("1 newly paired sensors wait for Bluetooth", StringComparison.Ordinal) && l.Contains("Cannot reach bluetoothd's D-Bus system bus", StringComparison.Ordinal));
            while (!log.Any(l => l.Contains("No sensor is paired", StringComparison.Ordinal)))
            {
                Assert.False(process.HasExited, string.Join('\n', log));
                await Task.Delay(100, timeout.Token);
            }

            var (pairCode, _, pairErr) = await _cli.RunAsync("pair", "AA:BB:CC:DD:EE:01", "--patient", "p01", "--placement", "wrist");
            Assert.True(pairCode == 0, pairErr);
            // Tried again at every reload; the service goes on.
            while (Warnings() < 2)
            {
                Assert.False(process.HasExited, string.Join('\n', log));
                await Task.Delay(100, timeout.Token);
            }

            Assert.True(await LoadSenseProcess.TerminateAndWaitAsync(process) == 0, string.Join('\n', log));
        }
        finally
        {
            LoadSenseProcess.KillIfRunning(process);
        }
    }

    [Fact]
    public async Task Run_PairedButNoBus_ExitsFiveNamingTheBus()
    {
        var (pairCode, _, pairErr) = await _cli.RunAsync("pair", "AA:BB:CC:DD:EE:01", "--patient", "p01", "--placement", "wrist");
        Assert.True(pairCode == 0, pairErr);
        var environment = new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/bus" };

        var (code, _, stderr) = await _cli.RunAsync(environment, "run", "--seconds", "2");

        Assert.Equal(5, code);
        Assert.Contains("Cannot reach bluetoothd's D-Bus system bus", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(StateFile), "the service never started");
    }

    [Theory]
    [InlineData("0", "--simulate must be 1 to 1000")]
    [InlineData("1001", "--simulate must be 1 to 1000")]
    public async Task Run_SimulateOutOfRange_ExitsTwoNamingTheOption(string count, string message)
    {
        var (code, _, stderr) = await _cli.RunAsync("run", "--simulate", count, "--seconds", "1");
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(StateFile), "the service never started");
    }

    [Fact]
    public async Task Run_InfluxDbUnreachable_KeepsRecordingIntoTheOutboxAndStopsCleanly()
    {
        var environment = new Dictionary<string, string>
        {
            ["LOADSENSE_Store"] = "influxdb",
            ["LOADSENSE_InfluxDb__Url"] = "http://127.0.0.1:9",
            ["LOADSENSE_LogLevel"] = "Warning",
        };

        var (code, _, stderr) = await _cli.RunAsync(environment, "run", "--simulate", "2", "--seconds", "6", "--patient", "p01");

        // The days cannot be recomputed (that reads InfluxDB back), which is logged, not fatal.
        Assert.True(code == 0, stderr);
        Assert.Contains("The store could not take the daily summaries", stderr, StringComparison.Ordinal);
        var (statusCode, status, statusErr) = await _cli.RunAsync(environment, "status");
        Assert.True(statusCode == 0, statusErr);
        Assert.Matches(@"backlog:\s+[1-9]\d* batches", status);
        Assert.Matches(@"due days:\s+[12] daily summaries out of date \(p01: \d{4}-\d\d-\d\d", status);
    }

    [Fact]
    public async Task Status_ServiceNeverRan_SaysSo()
    {
        var (code, stdout, stderr) = await _cli.RunAsync("status");
        Assert.True(code == 0, stderr);
        Assert.Contains("service:      never ran", stdout, StringComparison.Ordinal);
    }

    private async Task<bool> AllStreamingAsync()
    {
        if (!File.Exists(StateFile))
        {
            return false;
        }

        try
        {
            using JsonDocument state = JsonDocument.Parse(await File.ReadAllTextAsync(StateFile));
            JsonElement devices = state.RootElement.GetProperty("devices");
            return devices.GetArrayLength() == 3 && devices.EnumerateArray().All(d => d.GetProperty("state").GetString() == "streaming");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<Dictionary<string, (long Events, long Minutes, long Samples)>> ReadStoreAsync(string patient)
    {
        await using var connection = new SqliteConnection($"Data Source={_cli.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        var result = new Dictionary<string, (long Events, long Minutes, long Samples)>();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT d.device,
                   (SELECT COUNT(*) FROM events e WHERE e.patient = $p AND e.device = d.device),
                   (SELECT COUNT(*) FROM minutes m WHERE m.patient = $p AND m.device = d.device),
                   (SELECT COALESCE(SUM(samples), 0) FROM minutes m WHERE m.patient = $p AND m.device = d.device)
            FROM (SELECT device FROM events WHERE patient = $p UNION SELECT device FROM minutes WHERE patient = $p) d
            """;
        command.Parameters.AddWithValue("$p", patient);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        return result;
    }
}
