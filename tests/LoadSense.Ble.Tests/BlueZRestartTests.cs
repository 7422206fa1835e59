using System.Collections.Concurrent;

namespace LoadSense.Ble.Tests;

/// <summary>bluetoothd restarting on the bus; a fixture of its own, since the restart drops every mock object.</summary>
public sealed class BlueZRestartTests(BlueZMockFixture bus) : IClassFixture<BlueZMockFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task WatchServiceAsync_BluetoothdRestarts_ReportsGoneThenBack()
    {
        using var adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var changes = new BlockingCollection<bool>();
        using (await adapter.WatchServiceAsync(changes.Add))
        {
            await bus.RestartMockAsync();

            Assert.True(changes.TryTake(out var gone, Patience), "no change reported");
            Assert.False(gone);
            Assert.True(changes.TryTake(out var back, Patience), "the return was not reported");
            Assert.True(back);
        }

        await bus.AddDeviceAsync("10:00:00:00:01:01", "LS-after");
        Assert.Contains(await adapter.GetDevicesAsync(), d => d.Address == "10:00:00:00:01:01");
    }
}
