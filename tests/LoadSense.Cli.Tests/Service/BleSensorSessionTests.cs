using System.Text.Json;
using LoadSense.Ble.Tests;
using LoadSense.Cli.Configuration;
using Microsoft.Extensions.Time.Testing;
using static LoadSense.Cli.Tests.Service.SessionHarness;

namespace LoadSense.Cli.Tests.Service;

/// <summary>BLE sessions against a real private dbus-daemon serving the dbusmock BlueZ; only the radio is faked.</summary>
public sealed class BleSensorSessionTests(BlueZMockFixture bus) : IClassFixture<BlueZMockFixture>
{
    [Fact]
    public async Task Stream_LoadSenseV1OverAcquireNotify_StartsAndDecodesGoldenFramesIntoUtc()
    {
        MockSensor sensor = await AddV1Async("20:00:00:00:00:01", acquire: true);
        await using SessionHarness session = await StartAsync(bus, "20:00:00:00:00:01", "loadsense-v1");
        await session.WaitStreamingAsync(bus, sensor);

        // START at 104 Hz, ±8 g (SPEC.md 1.1), written with response.
        byte[] start = Assert.Single(await bus.GetWritesAsync(sensor.Control));
        Assert.Equal(new byte[] { 0x01, 0x10, 0x04, 0x08 }, start);
        Assert.Equal("request", (await bus.GetMethodCallsAsync(sensor.Control, "WriteValue"))[0][1].GetDictionary<string, Tmds.DBus.Protocol.VariantValue>()["type"].GetString());
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Data, "AcquireNotify"));
        Assert.Empty(await bus.GetMethodCallsAsync(sensor.Data, "StartNotify"));
        Assert.Contains(session.Logger.Lines, l => l.Contains("over AcquireNotify", StringComparison.Ordinal));

        JsonElement stream = VectorStream("loadsense-v1.json", "lost_frames");
        double sentAt = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;
        foreach (JsonElement hex in stream.GetProperty("frames").EnumerateArray())
        {
            await bus.NotifyAsync(sensor.Data, Convert.FromHexString(hex.GetString()!));
        }

        foreach (JsonElement expect in stream.GetProperty("expect").EnumerateArray())
        {
            Received block = session.Take();
            Assert.Equal(expect.GetProperty("gap_before").GetBoolean(), block.GapBefore);
            // Device ticks mapped to the gateway's UTC: within moments of when they were sent.
            Assert.InRange(block.Time[^1], sentAt - 2, sentAt + 5);
        }

        var state = session.Session.State.Snapshot();
        Assert.Equal(stream.GetProperty("counters").GetProperty("lost").GetInt64(), state.LostFrames);
        Assert.True(state.LossRate > 0);
        Assert.Contains(session.Logger.Lines, l => l.Contains("frames lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_PolarH10OverStartNotify_EnablesTheControlPointThenStartsAcc()
    {
        MockSensor sensor = await bus.AddSensorAsync("20:00:00:00:00:02", "Polar H10 1234", PolarService, PolarData, PolarControl, "read", "indicate");
        await bus.SetAsync("SetAutoResolve", sensor.Device, true);
        await using SessionHarness session = await StartAsync(bus, "20:00:00:00:00:02", "polar-pmd");
        await session.WaitStreamingAsync(bus, sensor);

        Assert.Equal(Convert.FromHexString("02020001C80001011000020108 00".Replace(" ", "", StringComparison.Ordinal)), Assert.Single(await bus.GetWritesAsync(sensor.Control)));
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Control, "StartNotify"));
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Data, "StartNotify"));

        JsonElement stream = VectorStream("polar-pmd.json", "spread_between_frames");
        foreach (JsonElement hex in stream.GetProperty("frames").EnumerateArray())
        {
            await bus.NotifyAsync(sensor.Data, Convert.FromHexString(hex.GetString()!));
        }

        int samples = 0;
        double previous = double.NegativeInfinity;
        foreach (JsonElement expect in stream.GetProperty("expect").EnumerateArray())
        {
            Received block = session.Take();
            Assert.Equal(expect.GetProperty("t_ns").GetArrayLength(), block.Time.Length);
            Assert.True(block.Time[0] > previous, "mapped times keep increasing");
            previous = block.Time[^1];
            samples += block.Time.Length;
        }

        Assert.Equal(stream.GetProperty("counters").GetProperty("samples").GetInt64(), samples);
    }

    [Fact]
    public async Task Stream_DisconnectMidStream_ReconnectsMarksTheGapAndLeaksNothing()
    {
        MockSensor sensor = await AddV1Async("20:00:00:00:00:03", acquire: true);
        await using SessionHarness session = await StartAsync(bus, "20:00:00:00:00:03", "loadsense-v1");
        await session.WaitStreamingAsync(bus, sensor);
        int rules = await bus.CountMatchRulesAsync();
        ushort seq = 0;
        uint ticks = 0;

        for (int cycle = 1; cycle <= 3; cycle++)
        {
            for (int i = 0; i < 3; i++, seq++, ticks += 3277)
            {
                await bus.NotifyAsync(sensor.Data, V1Frame(seq, ticks));
            }

            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(cycle > 1 && i == 0, session.Take().GapBefore);
            }

            await bus.DropLinkAsync(sensor.Device);
            // The sensor keeps sampling while out of reach: those frames are lost with the link.
            seq += 20;
            ticks += 20 * 3277;
            await session.WaitStreamingAsync(bus, sensor, starts: cycle + 1);
            Assert.Equal(rules, await bus.CountMatchRulesAsync());
        }

        var state = session.Session.State.Snapshot();
        Assert.Equal(3, (await bus.GetMethodCallsAsync(sensor.Device, "Connect")).Count - 1);
        Assert.Equal(3, state.Reconnects);
        Assert.Equal(4, (await bus.GetMethodCallsAsync(sensor.Data, "AcquireNotify")).Count);
        Assert.Contains(session.Logger.Lines, l => l.Contains("20:00:00:00:00:03 lost: the notification socket hung up", StringComparison.Ordinal) || l.Contains("20:00:00:00:00:03 lost: disconnected", StringComparison.Ordinal));
        Assert.Empty(session.Blocks);
    }

    [Fact]
    public async Task Stream_LinkLost_WaitsTheBackoffOnTheInjectedClock()
    {
        MockSensor sensor = await AddV1Async("20:00:00:00:00:08", acquire: true);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddSeconds(1_795_000_000));
        SensorOptions options = FastOptions();
        options.ReconnectInitialSeconds = 30;
        options.ReconnectMaxSeconds = 600;
        await using SessionHarness session = await StartAsync(bus, "20:00:00:00:00:08", "loadsense-v1", options, time);
        await session.WaitStreamingAsync(bus, sensor);

        await bus.DropLinkAsync(sensor.Device);
        await WaitUntilAsync(() => Task.FromResult(session.Session.State.Snapshot().State == "disconnected"));
        await Task.Delay(500);
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Device, "Connect"));

        // Jittered between 15 and 30 s: nothing at 14 s, a reconnect by 30 s.
        time.Advance(TimeSpan.FromSeconds(14));
        await Task.Delay(300);
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Device, "Connect"));
        time.Advance(TimeSpan.FromSeconds(16));
        await session.WaitStreamingAsync(bus, sensor, starts: 2);
        Assert.Equal(2, (await bus.GetMethodCallsAsync(sensor.Device, "Connect")).Count);
    }

    [Fact]
    public async Task Stream_ServicesNeverResolve_GivesUpDisconnectsAndRetries()
    {
        MockSensor sensor = await bus.AddSensorAsync("20:00:00:00:00:04", "LS-stuck", V1Service, V1Data, V1Control);
        SensorOptions options = FastOptions();
        options.ServicesTimeoutSeconds = 1;
        await using SessionHarness session = await StartAsync(bus, "20:00:00:00:00:04", "loadsense-v1", options);

        await WaitUntilAsync(async () => (await bus.GetMethodCallsAsync(sensor.Device, "Disconnect")).Count >= 2);

        Assert.True((await bus.GetMethodCallsAsync(sensor.Device, "Connect")).Count >= 2);
        Assert.Empty(await bus.GetMethodCallsAsync(sensor.Data, "AcquireNotify"));
        Assert.Empty(await bus.GetWritesAsync(sensor.Control));
        Assert.Contains(session.Logger.Lines, l => l.Contains("did not resolve its services within 1 s", StringComparison.Ordinal));
        Assert.NotEqual("streaming", session.Session.State.Snapshot().State);
    }

    [Fact]
    public async Task Stream_GarbageNotifications_AreCountedLoggedAndNeverFatal()
    {
        MockSensor sensor = await AddV1Async("20:00:00:00:00:05", acquire: false);
        await using SessionHarness session = await StartAsync(bus, "20:00:00:00:00:05", "loadsense-v1");
        await session.WaitStreamingAsync(bus, sensor);
        byte[][] garbage = [.. InvalidFrames("loadsense-v1.json"), [0xFF, 0x00, 0x13], [.. Enumerable.Repeat((byte)0xA5, 300)]];

        await bus.NotifyAsync(sensor.Data, V1Frame(0, 0));
        foreach (byte[] value in garbage)
        {
            await bus.NotifyAsync(sensor.Data, value);
        }

        await bus.NotifyAsync(sensor.Data, V1Frame(1, 3277));

        Assert.False(session.Take().GapBefore);
        Assert.False(session.Take().GapBefore);
        var state = session.Session.State.Snapshot();
        Assert.Equal(garbage.Length, state.MalformedFrames);
        Assert.Equal("streaming", state.State);
        Assert.Single(session.Logger.Lines, l => l.Contains("malformed notification", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_StrangerInRange_IsNeverTouched()
    {
        MockSensor stranger = await AddV1Async("20:00:00:00:00:66", acquire: true);
        MockSensor mine = await AddV1Async("20:00:00:00:00:06", acquire: true);
        await using SessionHarness session = await StartAsync(bus, "20:00:00:00:00:06", "loadsense-v1");
        await session.WaitStreamingAsync(bus, mine);

        Assert.Empty(await bus.GetMethodCallsAsync(stranger.Device, "Connect"));
        Assert.Empty(await bus.GetMethodCallsAsync(stranger.Data, "AcquireNotify"));
        Assert.Empty(await bus.GetWritesAsync(stranger.Control));
    }

    [Fact]
    public async Task Stream_Stopped_SendsStopDisconnectsAndCompletes()
    {
        MockSensor sensor = await AddV1Async("20:00:00:00:00:07", acquire: false);
        await bus.MockAsync("AddBattery", "sy", (ref Tmds.DBus.Protocol.MessageWriter w) =>
        {
            w.WriteString(sensor.Device);
            w.WriteByte(64);
        });
        SessionHarness session = await StartAsync(bus, "20:00:00:00:00:07", "loadsense-v1");
        await session.WaitStreamingAsync(bus, sensor);
        await WaitUntilAsync(() => Task.FromResult(session.Session.State.Snapshot().BatteryPercent == 64));

        await session.StopAsync();

        Assert.Equal(new byte[] { 0x02 }, (await bus.GetWritesAsync(sensor.Control))[^1]);
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Device, "Disconnect"));
        Assert.Single(await bus.GetMethodCallsAsync(sensor.Data, "StopNotify"));
        Assert.Equal("stopped", session.Session.State.Snapshot().State);
        Assert.Equal(-61, session.Session.State.Snapshot().RssiDbm);
        await session.DisposeAsync();
    }

    private async Task<MockSensor> AddV1Async(string address, bool acquire)
    {
        MockSensor sensor = await bus.AddSensorAsync(address, "LoadSense " + address[^2..], V1Service, V1Data, V1Control);
        await bus.SetAsync("SetAutoResolve", sensor.Device, true);
        if (acquire)
        {
            await bus.EnableAcquireNotifyAsync(sensor.Data, 247);
        }

        return sensor;
    }
}
