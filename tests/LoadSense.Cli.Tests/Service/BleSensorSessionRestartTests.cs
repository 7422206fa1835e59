using LoadSense.Ble.Tests;
using static LoadSense.Cli.Tests.Service.SessionHarness;

namespace LoadSense.Cli.Tests.Service;

/// <summary>bluetoothd restarting under a streaming session; a fixture of its own, since the restart drops every mock object.</summary>
public sealed class BleSensorSessionRestartTests(BlueZMockFixture bus) : IClassFixture<BlueZMockFixture>
{
    [Fact]
    public async Task Stream_BluetoothdRestarts_RecoversWithAGap()
    {
        MockSensor sensor = await AddAsync();
        await using SessionHarness session = await StartAsync(bus, "20:00:00:00:01:01", "loadsense-v1");
        await session.WaitStreamingAsync(bus, sensor);
        await bus.NotifyAsync(sensor.Data, V1Frame(0, 0));
        Assert.False(session.Take().GapBefore);

        // systemd restarts bluetoothd: a new process on the same bus name, every object and notify session gone.
        await bus.RestartMockAsync();
        await WaitUntilAsync(() => Task.FromResult(session.Session.State.Snapshot().State != "streaming"));
        sensor = await AddAsync();
        await session.WaitStreamingAsync(bus, sensor);
        await bus.NotifyAsync(sensor.Data, V1Frame(40, 40 * 3277));

        Assert.True(session.Take().GapBefore, "the time bluetoothd was away is a gap");
        Assert.Equal(1, session.Session.State.Snapshot().Reconnects);
        // StartNotify: no socket to hang up, so only NameOwnerChanged can have told.
        Assert.Contains(session.Logger.Lines, l => l.Contains("lost: bluetoothd left the bus", StringComparison.Ordinal));
    }

    private async Task<MockSensor> AddAsync()
    {
        MockSensor sensor = await bus.AddSensorAsync("20:00:00:00:01:01", "LoadSense 01", V1Service, V1Data, V1Control);
        await bus.SetAsync("SetAutoResolve", sensor.Device, true);
        return sensor;
    }
}
