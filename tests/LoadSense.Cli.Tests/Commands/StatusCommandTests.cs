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
}
