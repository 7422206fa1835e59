using LoadSense.Core.Timing;

namespace LoadSense.Core.Tests.Timing;

public sealed class DeviceClockMapperTests
{
    // 2026-01-01T00:00:00Z: where device time 0 really is on the wall clock.
    private const double Start = 1_767_225_600;
    // The smallest delay from sampling to arrival (one connection interval): part of the offset the fit finds.
    private const double MinDelay = 0.015;

    [Fact]
    public void ToUtc_DelayedNotifications_FollowsTheLowerEnvelope()
    {
        var mapper = new DeviceClockMapper();
        var random = new Random(5);
        // 3 notifications a second for 5 minutes; a third of them 50 ms to 1.5 s late (a busy host).
        for (double t = 0; t < 300; t += 1 / 3.0)
        {
            double delay = MinDelay + (random.NextDouble() < 0.33 ? 0.05 + (1.45 * random.NextDouble()) : 0.004 * random.NextDouble());
            mapper.Observe(t, Start + t + delay);
        }

        Assert.Equal(Start + 300 + MinDelay, mapper.ToUtc(300), 0.005);
        Assert.Equal(0, mapper.ClockResets);
    }

    [Fact]
    public void ToUtc_Drift100Ppm_IsCorrectedOverAnHour()
    {
        var mapper = new DeviceClockMapper();
        var random = new Random(7);
        const double fast = 1e-4;
        // The device clock runs 100 ppm fast: after an hour it is 0.36 s ahead.
        for (double utc = 0; utc < 3600; utc += 0.5)
        {
            double delay = MinDelay + (random.NextDouble() < 0.2 ? random.NextDouble() : 0.003 * random.NextDouble());
            mapper.Observe(utc * (1 + fast), Start + utc + delay);
        }

        Assert.Equal(-fast, mapper.Drift, 5e-6);
        Assert.Equal(Start + 3600 + MinDelay, mapper.ToUtc(3600 * (1 + fast)), 0.005);
        // Without the drift term a constant offset would be 0.18 s off at either end.
        Assert.Equal(Start + 1800 + MinDelay, mapper.ToUtc(1800 * (1 + fast)), 0.005);
    }

    [Fact]
    public void Observe_DeviceClockReset_StartsAgainAtOnce()
    {
        DeviceClockMapper mapper = Steady(60);

        // The device rebooted at wall time 100 s: its clock starts at 0 again.
        mapper.Observe(0, Start + 100 + MinDelay);

        Assert.Equal(1, mapper.ClockResets);
        Assert.Equal(Start + 102 + MinDelay, mapper.ToUtc(2), 1e-6);
    }

    [Fact]
    public void Observe_ClockStalledWithoutGap_StartsAgainOnceLatePointsKeepArrivingForTheJumpTime()
    {
        DeviceClockMapper mapper = Steady(60);

        // The device clock stood still for 20 s while the stream went on: every later point is
        // 20 s late, and they keep arriving at the stream's pace.
        for (double t = 60; t < 62; t += 0.5)
        {
            mapper.Observe(t, Start + t + 20 + MinDelay);
        }

        Assert.Equal(0, mapper.ClockResets);
        mapper.Observe(62, Start + 82 + MinDelay);

        Assert.Equal(1, mapper.ClockResets);
        Assert.Equal(Start + 83 + MinDelay, mapper.ToUtc(63), 1e-6);
    }

    [Fact]
    public void Observe_HostStalledFiveSeconds_BacklogInOneBurstChangesNothing()
    {
        DeviceClockMapper mapper = Steady(60);
        double before = mapper.ToUtc(70);

        // The gateway stood still for 5 s; the notifications queued meanwhile arrive together.
        for (double t = 60; t <= 65; t += 0.5)
        {
            mapper.Observe(t, Start + 65.2 + MinDelay + ((t - 60) * 0.001));
        }

        mapper.Observe(65.5, Start + 65.5 + MinDelay);
        Assert.Equal(0, mapper.ClockResets);
        Assert.Equal(before, mapper.ToUtc(70), 1e-9);
    }

    [Fact]
    public void Observe_JumpAfterGap_StartsAgainAtOnce()
    {
        DeviceClockMapper mapper = Steady(30);

        // A LoadSense v1 RESTART: the decoder continues device time at 30 s, but 45 s passed.
        mapper.Observe(30.5, Start + 75.5 + MinDelay, afterGap: true);

        Assert.Equal(1, mapper.ClockResets);
        Assert.Equal(Start + 76 + MinDelay, mapper.ToUtc(31), 1e-6);
    }

    [Fact]
    public void Observe_OneVeryLateNotification_ChangesNothing()
    {
        DeviceClockMapper mapper = Steady(30);

        double before = mapper.ToUtc(40);
        mapper.Observe(30, Start + 30 + 8);
        mapper.Observe(30.5, Start + 30.5 + MinDelay);

        Assert.Equal(0, mapper.ClockResets);
        Assert.Equal(before, mapper.ToUtc(40), 1e-9);
    }

    [Fact]
    public void Map_FirstNotificationLate_TimesKeepIncreasingAndConverge()
    {
        var mapper = new DeviceClockMapper();
        var block = new SampleBlock("d", 10);
        double previous = double.NegativeInfinity;
        double lastError = 0;
        for (int n = 0; n < 100; n++)
        {
            block.Clear();
            block.SampleRateHz = 20;
            for (int i = 0; i < 10; i++)
            {
                block.Add((n * 0.5) + (i * 0.05), 0, 0, 1);
            }

            double deviceLast = block.Time[^1];
            // The first notification waited 0.3 s in the host; all later ones arrive promptly.
            mapper.Map(block, Start + deviceLast + MinDelay + (n == 0 ? 0.3 : 0));
            Assert.True(block.Time[0] > previous, $"block {n} starts before the previous one ended");
            for (int i = 1; i < block.Count; i++)
            {
                Assert.True(block.Time[i] > block.Time[i - 1]);
            }

            previous = block.Time[^1];
            lastError = block.Time[^1] - (Start + deviceLast + MinDelay);
        }

        Assert.Equal(0, lastError, 1e-6);
    }

    [Fact]
    public void Map_ThousandsOfBlocks_AllocatesNothing()
    {
        var mapper = new DeviceClockMapper();
        var block = new SampleBlock("d", 25) { SampleRateHz = 100 };
        void MapOne(int n)
        {
            block.Clear();
            for (int i = 0; i < 25; i++)
            {
                block.Add((n * 0.25) + (i * 0.01), 0, 0, 1);
            }

            mapper.Map(block, Start + (n * 0.25) + 0.24 + MinDelay);
        }

        // Fill every envelope window first: after that the window array only slides.
        for (int n = 0; n < 8000; n++)
        {
            MapOne(n);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 8000; n < 12000; n++)
        {
            MapOne(n);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A mapper that saw a point every 0.5 s for <paramref name="seconds"/>, each with the minimum delay.</summary>
    private static DeviceClockMapper Steady(double seconds)
    {
        var mapper = new DeviceClockMapper();
        for (double t = 0; t < seconds; t += 0.5)
        {
            mapper.Observe(t, Start + t + MinDelay);
        }

        return mapper;
    }

    [Theory]
    [InlineData(0.5, 180, 2, 0.001)]
    [InlineData(10, 1, 2, 0.001)]
    [InlineData(10, 180, 0.01, 0.001)]
    [InlineData(10, 180, 2, 0.02)]
    public void Constructor_OutOfBounds_Throws(double window, int windows, double jump, double drift) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceClockMapper(window, windows, jump, drift));
}
