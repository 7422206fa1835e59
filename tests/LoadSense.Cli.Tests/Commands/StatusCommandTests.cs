using LoadSense.Cli.Commands;
using LoadSense.Cli.Service;

namespace LoadSense.Cli.Tests.Commands;

public sealed class StatusCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FormatService_NoStateFile_SaysTheServiceNeverRan() =>
        Assert.StartsWith("service:      never ran", StatusCommand.FormatService(null, Now), StringComparison.Ordinal);

    [Fact]
    public void FormatService_Devices_ShowsStateAndAgeOfTheLastSample()
    {
        var status = new ServiceStatus(Now.AddSeconds(-4), Running: true,
        [
            new DeviceStatus("sim-01", "p01", "hip", "simulated", "streaming", Now.AddSeconds(-5), 10, 500, 1),
            new DeviceStatus("sim-02", "p01", "wrist", "simulated", "starting", null, 0, 0, 0),
        ]);
        string text = StatusCommand.FormatService(status, Now);
        Assert.Contains("service:      running, state written 2026-11-27 11:59:56Z (4 s ago)", text, StringComparison.Ordinal);
        Assert.Matches(@"sim-01\s+simulated\s+hip\s+patient p01\s+streaming\s+last sample 2026-11-27 11:59:55Z \(5 s ago\), 500 samples, 1 gaps", text);
        Assert.Matches(@"sim-02\s+simulated\s+wrist\s+patient p01\s+starting\s+last sample none yet", text);
    }

    [Fact]
    public void FormatService_BleDevice_ShowsLossRateAndBattery()
    {
        var status = new ServiceStatus(Now, Running: true,
        [
            new DeviceStatus("AA:BB:CC:DD:EE:01", "p02", "wrist", "ble", "reconnecting", Now.AddSeconds(-30), 300, 9000, 2)
            {
                LostFrames = 3, MalformedFrames = 1, LossRate = 0.01, Reconnects = 2, BatteryPercent = 76, RssiDbm = -70,
            },
            new DeviceStatus("AA:BB:CC:DD:EE:02", "p02", "hip", "ble", "connecting", null, 0, 0, 0),
        ]);

        string text = StatusCommand.FormatService(status, Now);

        Assert.Contains("AA:BB:CC:DD:EE:01", text, StringComparison.Ordinal);
        Assert.Matches(@"AA:BB:CC:DD:EE:01\s+ble\s+wrist\s+patient p02\s+reconnecting\s+last sample .*9000 samples, 2 gaps, loss 1\.0% \(3 frames\), 1 malformed, 2 reconnects, battery 76 %", text);
        Assert.Matches(@"AA:BB:CC:DD:EE:02\s+ble\s+hip\s+patient p02\s+connecting\s+last sample none yet, 0 samples, 0 gaps, loss n/a \(0 frames\), 0 malformed, 0 reconnects, battery unknown", text);
    }
}
