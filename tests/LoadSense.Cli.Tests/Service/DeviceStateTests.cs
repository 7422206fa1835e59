using LoadSense.Cli.Service;
using LoadSense.Core;
using LoadSense.Protocol;

namespace LoadSense.Cli.Tests.Service;

public sealed class DeviceStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TakeTelemetry_TwoIntervals_CountsEachIntervalOnly()
    {
        var state = new DeviceState("AA:BB:CC:DD:EE:01", "p01", Placement.Hip, "ble");
        state.Received(Block(1000, 10, gap: false));
        state.Decoded(new DecoderCounters(Frames: 1, Samples: 10, Lost: 0, Duplicates: 0, Malformed: 2, Gaps: 0, Resets: 0));
        state.Health(90, -70);

        var first = state.TakeTelemetry(Now);

        // 3 s after the previous block ended (at 100 Hz, 1000.10 would follow directly).
        state.Received(Block(1003.1, 10, gap: true));
        state.Decoded(new DecoderCounters(Frames: 2, Samples: 20, Lost: 4, Duplicates: 0, Malformed: 2, Gaps: 1, Resets: 0));
        state.Reconnected();
        state.Health(null, -75);
        var second = state.TakeTelemetry(Now.AddMinutes(1));

        Assert.Equal(("p01", "AA:BB:CC:DD:EE:01", "streaming", 90, -70, 10L, 0L, 2L, 0L, 0L), (first.PatientId, first.DeviceId, first.State, first.BatteryPercent, first.RssiDbm, first.Samples, first.LostFrames, first.MalformedFrames, first.Gaps, first.Reconnects));
        Assert.Equal(Now.ToUnixTimeSeconds(), first.Time);
        Assert.Equal((10L, 4L, 0L, 1L, 1L, 90, -75), (second.Samples, second.LostFrames, second.MalformedFrames, second.Gaps, second.Reconnects, second.BatteryPercent, second.RssiDbm));
        Assert.Equal(3, second.GapSeconds, 1e-9);
        Assert.Equal(4 / 6.0, state.Snapshot().LossRate!.Value, 1e-12);
    }

    private static SampleBlock Block(double start, int count, bool gap)
    {
        var block = new SampleBlock("d", count) { SampleRateHz = 100 };
        for (int i = 0; i < count; i++)
        {
            block.Add(start + (i / 100.0), 0, 0, 1);
        }

        block.GapBefore = gap;
        return block;
    }
}
