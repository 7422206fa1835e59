using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LoadSense.Ble.Tests;
using LoadSense.Cli.Service;
using LoadSense.Core;
using LoadSense.Core.Simulation;
using Microsoft.Data.Sqlite;
using static LoadSense.Cli.Tests.Service.SessionHarness;

namespace LoadSense.Cli.Tests.Commands;

/// <summary>
/// The real <c>loadsense run</c> process against the private dbus-daemon and the dbusmock BlueZ:
/// a paired LoadSense v1 sensor walks, drops its link, comes back and walks on.
/// </summary>
public sealed class RunBleCommandTests(BlueZMockFixture bus) : IClassFixture<BlueZMockFixture>, IDisposable
{
    private const string Address = "30:00:00:00:00:01";
    private const double RateHz = 100;
    // 25 samples at 100 Hz: 0.25 s per notification, 8192 ticks of 1/32768 s.
    private const int FrameSamples = 25;

    private readonly LoadSenseProcess _cli = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    [Fact]
    public async Task Run_PairedSensorDisconnectsMidStream_StoresEverythingButTheDisconnectedInterval()
    {
        MockSensor sensor = await bus.AddSensorAsync(Address, "LoadSense 01", V1Service, V1Data, V1Control);
        await bus.SetAsync("SetAutoResolve", sensor.Device, true);
        await bus.EnableAcquireNotifyAsync(sensor.Data, 247);
        await bus.MockAsync("AddBattery", "sy", (ref Tmds.DBus.Protocol.MessageWriter w) =>
        {
            w.WriteString(sensor.Device);
            w.WriteByte(81);
        });
        MockSensor stranger = await bus.AddSensorAsync("30:00:00:00:00:99", "LoadSense 99", V1Service, V1Data, V1Control);
        var (pairCode, _, pairErr) = await _cli.RunAsync("pair", Address, "--patient", "p09", "--placement", "hip");
        Assert.True(pairCode == 0, pairErr);

        var environment = new Dictionary<string, string>
        {
            ["DBUS_SYSTEM_BUS_ADDRESS"] = bus.BusAddress,
            ["LOADSENSE_LogLevel"] = "Information",
            ["LOADSENSE_Sensors__ReconnectInitialSeconds"] = "0.2",
            ["LOADSENSE_Sensors__ReconnectMaxSeconds"] = "1",
            ["LOADSENSE_Sensors__TelemetryIntervalSeconds"] = "2",
        };
        var log = new ConcurrentQueue<string>();
        using Process process = _cli.Start(environment, log.Enqueue, "run");
        long sent;
        using IEnumerator<SampleBlock> walk = new WearableSimulator(Address, Placement.Hip, RateHz, 3, FrameSamples)
            .Generate([new ActivitySegment(0, SimulatedActivity.Walk, 600)]).GetEnumerator();
        Device device;
        try
        {
            await WaitForStartsAsync(sensor, 1, process, log);
            device = new Device(walk, TimeProvider.System.GetTimestamp());

            sent = await device.StreamAsync(bus, sensor, TimeSpan.FromSeconds(10));
            // Out of range: the sensor samples on, but nothing reaches the gateway.
            await bus.DropLinkAsync(sensor.Device);
            await bus.SetAsync("SetRefuseConnect", sensor.Device, true);
            await Task.Delay(TimeSpan.FromSeconds(3));
            await bus.SetAsync("SetRefuseConnect", sensor.Device, false);
            await WaitForStartsAsync(sensor, 2, process, log);
            sent += await device.StreamAsync(bus, sensor, TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.True(await LoadSenseProcess.TerminateAndWaitAsync(process) == 0, string.Join('\n', log));
        }
        finally
        {
            LoadSenseProcess.KillIfRunning(process);
        }

        string output = string.Join('\n', log);
        (long events, long samples, long steps) = await ReadStoreAsync("p09", Address);
        // Every sample that reached the gateway was analysed and stored; only the disconnected interval is missing.
        Assert.Equal(sent, samples);
        Assert.True(steps > 10, $"walking stored steps ({steps} of {events} events)\n{output}");
        Assert.Contains($"{Address} connected (loadsense-v1 over AcquireNotify, hip, patient p09)", output, StringComparison.Ordinal);
        Assert.Contains($"{Address} lost:", output, StringComparison.Ordinal);
        Assert.Contains($"{Address} not available: Connect on", output, StringComparison.Ordinal);
        Assert.Contains($"{Address}: battery 81 %", output, StringComparison.Ordinal);
        Assert.Contains($"Telemetry {Address} (p09): streaming", output, StringComparison.Ordinal);
        string[] telemetry = [.. log.Where(l => l.Contains("Telemetry " + Address, StringComparison.Ordinal))];
        // Over the intervals: one reconnect and one gap that lost the 3 s out of range (the
        // reconnect is counted when the link is back, the gap when the first block after it
        // arrives, so they may fall into neighbouring intervals), and a lost frame and a gap for
        // each run of frames the test itself skipped when the machine held it up.
        var counts = telemetry
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"(\d+) lost frames, (\d+) malformed, (\d+) gaps \((\d+\.\d) s\), (\d+) reconnects, battery 81 %"))
            .Where(m => m.Success)
            .Select(m => (Lost: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Malformed: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Gaps: int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), GapSeconds: double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), Reconnects: int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture)))
            .ToList();
        string telemetryText = string.Join('\n', telemetry);
        Assert.True(counts.Count == telemetry.Length, telemetryText);
        telemetryText += $"\nskipped by the test: {device.SkippedFrames} frames in {device.SkippedRuns} runs";
        Assert.True(counts.Sum(c => c.Malformed) == 0 && counts.Sum(c => c.Reconnects) == 1, telemetryText);
        Assert.True(counts.Sum(c => c.Gaps) == 1 + device.SkippedRuns && counts.Sum(c => c.Lost) == device.SkippedFrames, telemetryText);
        Assert.InRange(counts.Sum(c => c.GapSeconds), 2.0, 30.0);
        // Stopping said goodbye: STOP written, link closed. The stranger was never touched.
        Assert.Equal(new byte[] { 0x02 }, (await bus.GetWritesAsync(sensor.Control))[^1]);
        Assert.NotEmpty(await bus.GetMethodCallsAsync(sensor.Device, "Disconnect"));
        Assert.Empty(await bus.GetMethodCallsAsync(stranger.Device, "Connect"));

        using JsonDocument state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_cli.Directory, "service-state.json")));
        JsonElement only = Assert.Single(state.RootElement.GetProperty("devices").EnumerateArray());
        Assert.Equal(Address, only.GetProperty("device").GetString());
        Assert.Equal(1, only.GetProperty("reconnects").GetInt64());
        Assert.Equal(81, only.GetProperty("battery_percent").GetInt32());
        var (statusCode, status, statusErr) = await _cli.RunAsync("status");
        Assert.True(statusCode == 0, statusErr);
        Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(status, $@"{Address}\s+ble\s+hip\s+patient p09\s+stopped\s+last sample \d{{4}}-.*, {sent} samples, {1 + device.SkippedRuns} gaps, loss .*1 reconnects, battery 81 %"),
            $"sent {sent} samples; status:\n{status}\nlog:\n{output}");
    }

    [Fact]
    public async Task Run_SensorPairedThenUnpairedWhileRunning_PicksItUpThenStopsItKeepingWhatItSent()
    {
        const string address = "30:00:00:00:00:31";
        MockSensor sensor = await bus.AddSensorAsync(address, "LoadSense 31", V1Service, V1Data, V1Control);
        await bus.SetAsync("SetAutoResolve", sensor.Device, true);
        var environment = new Dictionary<string, string>
        {
            ["DBUS_SYSTEM_BUS_ADDRESS"] = bus.BusAddress,
            ["LOADSENSE_LogLevel"] = "Information",
            ["LOADSENSE_Sensors__PairedReloadSeconds"] = "1",
        };
        string sensorsFile = Path.Combine(_cli.Directory, "sensors.json");
        string stateFile = Path.Combine(_cli.Directory, "service-state.json");
        var log = new ConcurrentQueue<string>();
        using Process process = _cli.Start(environment, log.Enqueue, "run");
        long sent;
        try
        {
            // Nothing paired: it idles, without Bluetooth.
            await WaitUntilAsync(() => Task.FromResult(log.Any(l => l.Contains("No sensor is paired", StringComparison.Ordinal))), process, log);
            var (pairCode, _, pairErr) = await _cli.RunAsync("pair", address, "--patient", "p31", "--placement", "wrist");
            Assert.True(pairCode == 0, pairErr);
            Assert.DoesNotContain("restart", pairErr, StringComparison.Ordinal);

            await WaitForStartsAsync(sensor, 1, process, log);
            using IEnumerator<SampleBlock> walk = new WearableSimulator(address, Placement.Wrist, RateHz, 5, FrameSamples)
                .Generate([new ActivitySegment(0, SimulatedActivity.Walk, 600)]).GetEnumerator();
            var device = new Device(walk, TimeProvider.System.GetTimestamp());
            sent = await device.StreamAsync(bus, sensor, TimeSpan.FromSeconds(6));
            await WaitUntilAsync(async () => (await ReadStateAsync(stateFile)).Any(d => d.GetProperty("device").GetString() == address && d.GetProperty("samples").GetInt64() == sent), process, log);

            // A broken list while running: a warning, and the sensor keeps streaming.
            string paired = await File.ReadAllTextAsync(sensorsFile);
            _cli.WriteFile("sensors.json", "[{\"address\": \"nope\"}");
            await WaitUntilAsync(() => Task.FromResult(log.Any(l => l.Contains("could not be read again", StringComparison.Ordinal) && l.Contains("sensors.json", StringComparison.Ordinal))), process, log);
            _cli.WriteFile("sensors.json", paired);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Empty(await bus.GetMethodCallsAsync(sensor.Device, "Disconnect"));

            var (unpairCode, _, unpairErr) = await _cli.RunAsync("unpair", address);
            Assert.True(unpairCode == 0, unpairErr);
            Assert.DoesNotContain("restart", unpairErr, StringComparison.Ordinal);
            await WaitUntilAsync(() => Task.FromResult(log.Any(l => l.Contains($"Sensor {address} unpaired: stopped", StringComparison.Ordinal))), process, log);
            // Stopped as on shutdown: STOP written, link closed; and it left the state file.
            Assert.Equal(new byte[] { 0x02 }, (await bus.GetWritesAsync(sensor.Control))[^1]);
            Assert.NotEmpty(await bus.GetMethodCallsAsync(sensor.Device, "Disconnect"));
            await WaitUntilAsync(async () => (await ReadStateAsync(stateFile)).Count == 0, process, log);
            Assert.False(process.HasExited, string.Join('\n', log));

            Assert.True(await LoadSenseProcess.TerminateAndWaitAsync(process) == 0, string.Join('\n', log));
        }
        finally
        {
            LoadSenseProcess.KillIfRunning(process);
        }

        string output = string.Join('\n', log);
        Assert.Contains($"Paired sensor {address} picked up (patient p31)", output, StringComparison.Ordinal);
        Assert.Contains($"{address} connected (loadsense-v1 over StartNotify, wrist, patient p31)", output, StringComparison.Ordinal);
        (long events, long samples, long steps) = await ReadStoreAsync("p31", address);
        // Everything it sent before it was unpaired was analysed and stored.
        Assert.Equal(sent, samples);
        Assert.True(steps > 3, $"walking stored steps ({steps} of {events} events)\n{output}");
    }

    [Fact]
    public async Task Scan_SensorsInRange_ListsSupportedOnesAndMarksThePaired()
    {
        await bus.AddSensorAsync("30:00:00:00:00:21", "LoadSense 21", V1Service, V1Data, V1Control);
        await bus.AddSensorAsync("30:00:00:00:00:22", "Polar H10 22", PolarService, PolarData, PolarControl);
        await bus.AddDeviceAsync("30:00:00:00:00:23", "Headphones");
        var (pairCode, _, pairErr) = await _cli.RunAsync("pair", "30:00:00:00:00:22", "--patient", "p10", "--placement", "wrist", "--profile", "polar-pmd");
        Assert.True(pairCode == 0, pairErr);
        var environment = new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = bus.BusAddress };

        var (code, stdout, stderr) = await _cli.RunAsync(environment, "scan", "--seconds", "1");

        Assert.True(code == 0, stderr);
        Assert.Matches(@"30:00:00:00:00:21\s+LoadSense 21\s+loadsense-v1\s+-61\s+no", stdout);
        Assert.Matches(@"30:00:00:00:00:22\s+Polar H10 22\s+polar-pmd\s+-61\s+yes \(patient p10, wrist\)", stdout);
        Assert.DoesNotContain("Headphones", stdout, StringComparison.Ordinal);
        var filter = (await bus.GetMethodCallsAsync("/org/bluez/hci0", "SetDiscoveryFilter"))[^1][0].GetDictionary<string, Tmds.DBus.Protocol.VariantValue>();
        Assert.Equal("le", filter["Transport"].GetString());
        Assert.Equal(2, filter["UUIDs"].GetArray<string>().Length);
    }

    [Fact]
    public async Task Scan_SecondsOutOfRange_ExitsTwo()
    {
        var (code, _, stderr) = await _cli.RunAsync("scan", "--seconds", "0");
        Assert.Equal(2, code);
        Assert.Contains("--seconds must be 1 to 120", stderr, StringComparison.Ordinal);
    }

    private async Task WaitForStartsAsync(MockSensor sensor, int starts, Process process, ConcurrentQueue<string> log)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await bus.GetWritesAsync(sensor.Control)).Count(w => w.Length == 4 && w[0] == 0x01) < starts)
        {
            Assert.False(process.HasExited, string.Join('\n', log));
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Process process, ConcurrentQueue<string> log)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.False(process.HasExited, string.Join('\n', log));
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<List<JsonElement>> ReadStateAsync(string stateFile)
    {
        if (!File.Exists(stateFile))
        {
            return [];
        }

        using JsonDocument state = JsonDocument.Parse(await File.ReadAllTextAsync(stateFile));
        return [.. state.RootElement.GetProperty("devices").EnumerateArray().Select(d => d.Clone())];
    }

    private async Task<(long Events, long Samples, long Steps)> ReadStoreAsync(string patient, string device)
    {
        await using var connection = new SqliteConnection($"Data Source={_cli.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM events WHERE patient = $p AND device = $d),
                   (SELECT COALESCE(SUM(samples), 0) FROM minutes WHERE patient = $p AND device = $d),
                   (SELECT COUNT(*) FROM events WHERE patient = $p AND device = $d AND kind = 'Step')
            """;
        command.Parameters.AddWithValue("$p", patient);
        command.Parameters.AddWithValue("$d", device);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// The sensor's side: simulated walking encoded as LoadSense v1 frames, notified in real time
    /// (a second's frames once that second has passed). Its clock and sequence run on while the
    /// link is down; frames due then are never sent.
    /// </summary>
    private sealed class Device(IEnumerator<SampleBlock> walk, long startedAt)
    {
        private ushort _sequence;
        private uint _ticks;

        /// <summary>Runs of frames skipped while streaming because the test fell more than 1 s behind (a loaded machine): each is a loss and a gap for the gateway.</summary>
        public int SkippedRuns { get; private set; }

        /// <summary>The frames in those runs.</summary>
        public int SkippedFrames { get; private set; }

        public async Task<long> StreamAsync(BlueZMockFixture bus, MockSensor sensor, TimeSpan duration)
        {
            long sent = 0;
            bool catchingUp = true, skipping = false;
            TimeSpan until = TimeProvider.System.GetElapsedTime(startedAt) + duration;
            while (TimeProvider.System.GetElapsedTime(startedAt) < until)
            {
                // Every frame whose samples are all in the past is due; frames that fell due while the link was down are lost.
                while (_ticks + 8192 <= TimeProvider.System.GetElapsedTime(startedAt).TotalSeconds * 32768)
                {
                    Assert.True(walk.MoveNext());
                    bool due = _ticks + 8192 > (TimeProvider.System.GetElapsedTime(startedAt).TotalSeconds - 1) * 32768;
                    if (due)
                    {
                        await bus.NotifyAsync(sensor.Data, Encode(walk.Current));
                        sent += walk.Current.Count;
                        catchingUp = skipping = false;
                    }
                    else if (!catchingUp)
                    {
                        SkippedRuns += skipping ? 0 : 1;
                        SkippedFrames++;
                        skipping = true;
                    }

                    _sequence++;
                    _ticks += 8192;
                }

                await Task.Delay(250);
            }

            return sent;
        }

        private byte[] Encode(SampleBlock block)
        {
            var frame = V1Frame(_sequence, _ticks, block.Count);
            for (int i = 0; i < block.Count; i++)
            {
                // ±8 g: 4096 LSB per g.
                BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(12 + (6 * i)), (short)Math.Round(block.X[i] * 4096));
                BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(14 + (6 * i)), (short)Math.Round(block.Y[i] * 4096));
                BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(16 + (6 * i)), (short)Math.Round(block.Z[i] * 4096));
            }

            return frame;
        }
    }
}

/// <summary>The system bus itself going away under <c>loadsense run</c>; a fixture of its own, since the bus does not come back.</summary>
public sealed class RunBleBusLossTests(BlueZMockFixture bus) : IClassFixture<BlueZMockFixture>, IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    [Fact]
    public async Task Run_SystemBusGone_FlushesAndExitsFive()
    {
        MockSensor sensor = await bus.AddSensorAsync("30:00:00:00:01:01", "LoadSense 01", V1Service, V1Data, V1Control);
        await bus.SetAsync("SetAutoResolve", sensor.Device, true);
        var (pairCode, _, pairErr) = await _cli.RunAsync("pair", "30:00:00:00:01:01", "--patient", "p11", "--placement", "wrist");
        Assert.True(pairCode == 0, pairErr);
        var log = new ConcurrentQueue<string>();
        using Process process = _cli.Start(new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = bus.BusAddress }, log.Enqueue, "run");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while ((await bus.GetWritesAsync(sensor.Control)).Count == 0)
            {
                Assert.False(process.HasExited, string.Join('\n', log));
                await Task.Delay(50, timeout.Token);
            }

            await bus.NotifyAsync(sensor.Data, V1Frame(0, 0, count: 100));
            await Task.Delay(500);
            bus.KillBus();

            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            LoadSenseProcess.KillIfRunning(process);
        }

        string output = string.Join('\n', log);
        Assert.True(process.ExitCode == 5, output);
        Assert.Contains("Lost the D-Bus system bus", output, StringComparison.Ordinal);
        using JsonDocument state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_cli.Directory, "service-state.json")));
        Assert.False(state.RootElement.GetProperty("running").GetBoolean());
        Assert.Equal(100, Assert.Single(state.RootElement.GetProperty("devices").EnumerateArray()).GetProperty("samples").GetInt64());
    }
}
