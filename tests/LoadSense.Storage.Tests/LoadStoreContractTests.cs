using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;

namespace LoadSense.Storage.Tests;

/// <summary>
/// What every <see cref="ILoadStore"/> promises, whatever keeps the data. An implementation's
/// test class inherits this suite and supplies a fresh, empty store per test.
/// </summary>
public abstract class LoadStoreContractTests : IAsyncLifetime
{
    /// <summary>2026-01-01T00:00:00Z in seconds since the Unix epoch.</summary>
    protected const long T0 = 1_767_225_600;

    private ILoadStore? _store;

    /// <summary>The store of the running test.</summary>
    protected ILoadStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Creates a fresh, empty store; the suite disposes it after the test when it is <see cref="IAsyncDisposable"/>.</summary>
    protected abstract Task<ILoadStore> CreateStoreAsync();

    /// <inheritdoc/>
    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reads_EmptyStore_ReturnEmptyLists()
    {
        Assert.Empty(await Store.ReadEventsAsync("p1", double.NegativeInfinity, double.PositiveInfinity));
        Assert.Empty(await Store.ReadMinutesAsync("p1", long.MinValue, long.MaxValue));
        Assert.Empty(await Store.ReadDaysAsync("p1", DateOnly.MinValue, DateOnly.MaxValue));
        Assert.Empty(await Store.ReadTelemetryAsync("p1", double.NegativeInfinity, double.PositiveInfinity));
    }

    [Fact]
    public async Task AppendAsync_EventsAndMinutes_ReadBackWithAllFields()
    {
        PatientBatch batch = Batch("p1", "hip-1", Placement.Hip, SampleEvents(T0), SampleMinutes(T0));

        await Store.AppendAsync(batch);

        Assert.Equal(batch.Events, await ReadAllEventsAsync("p1"));
        AssertMinutes(batch, await ReadAllMinutesAsync("p1"));
    }

    [Fact]
    public async Task AppendAsync_EmptyBatch_StoresNothing()
    {
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [], []));

        Assert.Empty(await ReadAllEventsAsync("p1"));
        Assert.Empty(await ReadAllMinutesAsync("p1"));
    }

    [Fact]
    public async Task AppendAsync_SameBatchTwice_StoresEachRowOnce()
    {
        PatientBatch batch = Batch("p1", "hip-1", Placement.Hip, SampleEvents(T0), SampleMinutes(T0));

        await Store.AppendAsync(batch);
        await Store.AppendAsync(batch);

        Assert.Equal(batch.Events, await ReadAllEventsAsync("p1"));
        AssertMinutes(batch, await ReadAllMinutesAsync("p1"));
    }

    [Fact]
    public async Task AppendAsync_OverlappingBatches_KeepOneRowPerKey()
    {
        LoadEvent[] events = SampleEvents(T0);
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, events[..2], []));
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, events[1..], []));

        Assert.Equal(events, await ReadAllEventsAsync("p1"));
    }

    [Fact]
    public async Task AppendAsync_ChangedEventWithSameKey_ReplacesIt()
    {
        var original = new LoadEvent(T0 + 0.25, LoadEventKind.Jump, PeakG: 4.5f, Load: 410f, JumpHeightCm: 21.5f);
        LoadEvent changed = original with { PeakG = 5.25f, Load = 759.5f, JumpHeightCm = 24.75f };

        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [original], []));
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [changed], []));

        Assert.Equal([changed], await ReadAllEventsAsync("p1"));
    }

    [Fact]
    public async Task AppendAsync_SameTimeDifferentKind_KeepsBoth()
    {
        var step = new LoadEvent(T0 + 1, LoadEventKind.Step, 1.8f, 10.5f);
        var jump = new LoadEvent(T0 + 1, LoadEventKind.Jump, 4.5f, 410f, 20f);

        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [step, jump], []));

        IReadOnlyList<LoadEvent> stored = await ReadAllEventsAsync("p1");
        Assert.Equal(2, stored.Count);
        Assert.Contains(step, stored);
        Assert.Contains(jump, stored);
    }

    [Fact]
    public async Task AppendAsync_TimesWithinOneMicrosecond_AreOneEvent()
    {
        // The key holds the time to the microsecond: 0.2 µs later is the same event.
        var first = new LoadEvent(T0 + 0.000_010, LoadEventKind.Step, 1.5f, 5f);
        var second = new LoadEvent(T0 + 0.000_010_2, LoadEventKind.Step, 1.75f, 9.5f);

        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [first], []));
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [second], []));

        LoadEvent stored = Assert.Single(await ReadAllEventsAsync("p1"));
        Assert.Equal(first.Time, stored.Time);
        Assert.Equal(second.PeakG, stored.PeakG);
    }

    [Fact]
    public async Task AppendAsync_ChangedMinuteWithSameKey_ReplacesIt()
    {
        MinuteAggregate original = SampleMinutes(T0)[0];
        MinuteAggregate changed = original with { Steps = 99, Worn = false, ImpactBandCounts = [5, 4, 3, 2, 1], LoadSum = 1.5 };

        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [], [original]));
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [], [changed]));

        DeviceMinute stored = Assert.Single(await ReadAllMinutesAsync("p1"));
        AssertMinute(changed, stored.Minute);
    }

    [Fact]
    public async Task AppendAsync_OutOfOrderEventsAndMinutes_ReadInTimeOrder()
    {
        LoadEvent[] events = SampleEvents(T0);
        MinuteAggregate[] minutes = SampleMinutes(T0);

        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [.. events.Reverse()], [.. minutes.Reverse()]));

        Assert.Equal(events, await ReadAllEventsAsync("p1"));
        Assert.Equal(minutes.Select(m => m.MinuteStart), (await ReadAllMinutesAsync("p1")).Select(m => m.Minute.MinuteStart));
    }

    [Fact]
    public async Task ReadEventsAsync_Range_IncludesFromAndExcludesUntil()
    {
        LoadEvent[] events = [Step(T0), Step(T0 + 1), Step(T0 + 1.000_001), Step(T0 + 2)];
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, events, []));

        Assert.Equal([events[1]], await Store.ReadEventsAsync("p1", T0 + 1, T0 + 1.000_001));
        Assert.Equal(events[1..3], await Store.ReadEventsAsync("p1", T0 + 1, T0 + 2));
        Assert.Equal(events[..3], await Store.ReadEventsAsync("p1", T0, T0 + 2));
        Assert.Empty(await Store.ReadEventsAsync("p1", T0 + 2.5, T0 + 10));
        Assert.Empty(await Store.ReadEventsAsync("p1", T0 + 2, T0));
    }

    [Fact]
    public async Task ReadMinutesAsync_Range_IncludesFromAndExcludesUntil()
    {
        MinuteAggregate[] minutes = SampleMinutes(T0);
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [], minutes));

        IReadOnlyList<DeviceMinute> middle = await Store.ReadMinutesAsync("p1", T0 + 60, T0 + 120);

        AssertMinute(minutes[1], Assert.Single(middle).Minute);
        Assert.Equal(2, (await Store.ReadMinutesAsync("p1", T0, T0 + 120)).Count);
        Assert.Empty(await Store.ReadMinutesAsync("p1", T0 + 180, T0 + 600));
    }

    [Fact]
    public async Task Reads_SeveralPatients_SeeOnlyTheirOwnData()
    {
        PatientBatch alice = Batch("alice", "hip-1", Placement.Hip, SampleEvents(T0), SampleMinutes(T0));
        PatientBatch bob = Batch("bob", "hip-1", Placement.Hip, [Step(T0 + 5)], [SampleMinutes(T0)[0] with { Steps = 1 }]);
        DailySummary aliceDay = SampleDay(new DateOnly(2026, 1, 1));
        DailySummary bobDay = aliceDay with { Steps = 3 };

        await Store.AppendAsync(alice);
        await Store.AppendAsync(bob);
        await Store.UpsertDaysAsync("alice", [aliceDay]);
        await Store.UpsertDaysAsync("bob", [bobDay]);

        Assert.Equal(alice.Events, await ReadAllEventsAsync("alice"));
        Assert.Equal(bob.Events, await ReadAllEventsAsync("bob"));
        AssertMinutes(alice, await ReadAllMinutesAsync("alice"));
        AssertMinutes(bob, await ReadAllMinutesAsync("bob"));
        Assert.Equal(3, Assert.Single(await ReadAllDaysAsync("bob")).Steps);
        Assert.Equal(aliceDay.Steps, Assert.Single(await ReadAllDaysAsync("alice")).Steps);
        Assert.Empty(await ReadAllEventsAsync("carol"));
    }

    [Fact]
    public async Task Reads_SeveralDevicesOfOnePatient_ReturnAllInTimeOrder()
    {
        var hipStep = new LoadEvent(T0 + 1, LoadEventKind.Step, 2.25f, 25.5f);
        var wristStep = new LoadEvent(T0 + 1, LoadEventKind.Step, 3.5f, 150f);
        var wristJump = new LoadEvent(T0 + 0.5, LoadEventKind.Jump, 6f, 1296f, 30f);
        MinuteAggregate hipMinute = SampleMinutes(T0)[0];
        MinuteAggregate wristMinute = hipMinute with { Steps = 7, ImpactBandCounts = ImpactBands.EmptyCounts, SecondsAbove750Mg = 12 };

        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [hipStep], [hipMinute]));
        await Store.AppendAsync(Batch("p1", "wrist-1", Placement.Wrist, [wristJump, wristStep], [wristMinute]));

        IReadOnlyList<LoadEvent> events = await ReadAllEventsAsync("p1");
        Assert.Equal(3, events.Count);
        Assert.Equal(wristJump, events[0]);
        Assert.Contains(hipStep, events);
        Assert.Contains(wristStep, events);

        IReadOnlyList<DeviceMinute> minutes = await ReadAllMinutesAsync("p1");
        Assert.Equal(2, minutes.Count);
        DeviceMinute hip = Assert.Single(minutes, m => m.DeviceId == "hip-1");
        DeviceMinute wrist = Assert.Single(minutes, m => m.DeviceId == "wrist-1");
        Assert.Equal(Placement.Hip, hip.Placement);
        Assert.Equal(Placement.Wrist, wrist.Placement);
        AssertMinute(hipMinute, hip.Minute);
        AssertMinute(wristMinute, wrist.Minute);
    }

    [Fact]
    public async Task UpsertDaysAsync_Days_ReadBackWithAllFieldsInDateOrder()
    {
        DailySummary[] days = [SampleDay(new DateOnly(2026, 1, 3)), SampleDay(new DateOnly(2026, 1, 1)) with { Steps = 1, Placement = Placement.Wrist }];

        await Store.UpsertDaysAsync("p1", days);

        IReadOnlyList<DailySummary> stored = await ReadAllDaysAsync("p1");
        Assert.Equal(2, stored.Count);
        AssertDay(days[1], stored[0]);
        AssertDay(days[0], stored[1]);
    }

    [Fact]
    public async Task UpsertDaysAsync_SameDaysTwice_StoresEachDayOnce()
    {
        DailySummary[] days = [SampleDay(new DateOnly(2026, 1, 1)), SampleDay(new DateOnly(2026, 1, 2))];

        await Store.UpsertDaysAsync("p1", days);
        await Store.UpsertDaysAsync("p1", days);

        Assert.Equal(2, (await ReadAllDaysAsync("p1")).Count);
    }

    [Fact]
    public async Task UpsertDaysAsync_ChangedDay_ReplacesIt()
    {
        DailySummary original = SampleDay(new DateOnly(2026, 1, 1));
        DailySummary changed = original with { Steps = 12_345, Load = 3.75, ImpactBandCounts = [0, 0, 1, 0, 9], Placement = Placement.Other };

        await Store.UpsertDaysAsync("p1", [original]);
        await Store.UpsertDaysAsync("p1", [changed]);

        AssertDay(changed, Assert.Single(await ReadAllDaysAsync("p1")));
    }

    [Fact]
    public async Task ReadDaysAsync_Range_IncludesFirstAndLastDay()
    {
        DailySummary[] days = [.. Enumerable.Range(1, 5).Select(d => SampleDay(new DateOnly(2026, 1, d)))];
        await Store.UpsertDaysAsync("p1", days);

        IReadOnlyList<DailySummary> stored = await Store.ReadDaysAsync("p1", new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 4));

        Assert.Equal([new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 3), new DateOnly(2026, 1, 4)], stored.Select(d => d.Date));
        Assert.Single(await Store.ReadDaysAsync("p1", new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 5)));
        Assert.Empty(await Store.ReadDaysAsync("p1", new DateOnly(2026, 1, 4), new DateOnly(2026, 1, 2)));
    }

    [Fact]
    public async Task AppendAsync_CanceledToken_ThrowsAndStoresNothing()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, SampleEvents(T0), SampleMinutes(T0)), cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.UpsertDaysAsync("p1", [SampleDay(new DateOnly(2026, 1, 1))], cancellation.Token));

        Assert.Empty(await ReadAllEventsAsync("p1"));
        Assert.Empty(await ReadAllMinutesAsync("p1"));
        Assert.Empty(await ReadAllDaysAsync("p1"));
    }

    [Fact]
    public async Task Reads_CanceledToken_Throw()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ReadEventsAsync("p1", T0, T0 + 60, cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ReadMinutesAsync("p1", T0, T0 + 60, cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.ReadDaysAsync("p1", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 2), cancellation.Token));
    }

    [Fact]
    public async Task AppendAsync_NullBatch_ThrowsArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.AppendAsync(null!));
    }

    [Fact]
    public async Task Calls_Concurrent_AllComplete()
    {
        Task[] calls = [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [Step(T0 + i)], []))
            : (Task)Store.ReadEventsAsync("p1", T0, T0 + 60))];

        await Task.WhenAll(calls);

        Assert.Equal(10, (await ReadAllEventsAsync("p1")).Count);
    }

    [Fact]
    public async Task AppendTelemetryAsync_Records_ReadBackWithAllFieldsInTimeOrder()
    {
        DeviceTelemetry[] records = SampleTelemetry("p1", T0);

        await Store.AppendTelemetryAsync([.. records.Reverse()]);

        Assert.Equal(records, await ReadAllTelemetryAsync("p1"));
    }

    [Fact]
    public async Task AppendTelemetryAsync_SameRecordsTwice_StoresEachOnce()
    {
        DeviceTelemetry[] records = SampleTelemetry("p1", T0);

        await Store.AppendTelemetryAsync(records);
        await Store.AppendTelemetryAsync(records);

        Assert.Equal(records, await ReadAllTelemetryAsync("p1"));
    }

    [Fact]
    public async Task AppendTelemetryAsync_ChangedRecordWithSameKey_ReplacesIt()
    {
        DeviceTelemetry original = SampleTelemetry("p1", T0)[0];
        DeviceTelemetry changed = original with { State = "disconnected", BatteryPercent = 12, RssiDbm = -90, Samples = 7, Gaps = 4, GapSeconds = 31.5, Reconnects = 2 };

        await Store.AppendTelemetryAsync([original]);
        await Store.AppendTelemetryAsync([changed]);

        Assert.Equal([changed], await ReadAllTelemetryAsync("p1"));
    }

    [Fact]
    public async Task ReadTelemetryAsync_RangeAndPatient_IncludesFromExcludesUntilOthersUnseen()
    {
        DeviceTelemetry[] records = SampleTelemetry("p1", T0);
        await Store.AppendTelemetryAsync(records);
        await Store.AppendTelemetryAsync([records[0] with { PatientId = "p2", Samples = 1 }]);

        Assert.Equal(records[..2], await Store.ReadTelemetryAsync("p1", T0, T0 + 60));
        Assert.Equal(records[2..], await Store.ReadTelemetryAsync("p1", T0 + 60, T0 + 600));
        Assert.Empty(await Store.ReadTelemetryAsync("p1", T0 + 60, T0));
        Assert.Equal(1, Assert.Single(await ReadAllTelemetryAsync("p2")).Samples);
    }

    [Fact]
    public async Task AppendTelemetryAsync_InvalidRecords_ThrowAndStoreNothing()
    {
        DeviceTelemetry good = SampleTelemetry("p1", T0)[0];
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.AppendTelemetryAsync(null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendTelemetryAsync([good, good with { DeviceId = " ", Time = T0 + 1 }]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendTelemetryAsync([good, good with { Time = double.NaN }]));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.AppendTelemetryAsync([good], cancellation.Token));

        Assert.Empty(await ReadAllTelemetryAsync("p1"));
    }

    /// <summary>Every telemetry record of a patient.</summary>
    protected Task<IReadOnlyList<DeviceTelemetry>> ReadAllTelemetryAsync(string patientId) =>
        Store.ReadTelemetryAsync(patientId, T0 - 86_400, T0 + 86_400);

    /// <summary>Telemetry of two devices, in time then device order: known and unknown battery and signal, a gap with a fraction of a second, times with microsecond fractions.</summary>
    protected static DeviceTelemetry[] SampleTelemetry(string patientId, double start) =>
    [
        new(patientId, "hip-1", start + 30.000_001, "streaming", 87, -61, 3000, 2, 1, 1, 0.25, 0),
        new(patientId, "wrist-1", start + 30.000_001, "connecting", null, null, 0, 0, 0, 0, 0, 1),
        new(patientId, "hip-1", start + 90.5, "disconnected", 86, null, 1500, 40, 0, 2, 12.125, 3),
    ];

    /// <summary>Every event of a patient.</summary>
    protected Task<IReadOnlyList<LoadEvent>> ReadAllEventsAsync(string patientId) =>
        Store.ReadEventsAsync(patientId, T0 - 86_400, T0 + 86_400);

    /// <summary>Every minute of a patient.</summary>
    protected Task<IReadOnlyList<DeviceMinute>> ReadAllMinutesAsync(string patientId) =>
        Store.ReadMinutesAsync(patientId, T0 - 86_400, T0 + 86_400);

    /// <summary>Every day of a patient in 2025-2026.</summary>
    protected Task<IReadOnlyList<DailySummary>> ReadAllDaysAsync(string patientId) =>
        Store.ReadDaysAsync(patientId, new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31));

    /// <summary>A batch of one device.</summary>
    protected static PatientBatch Batch(string patientId, string deviceId, Placement placement, LoadEvent[] events, MinuteAggregate[] minutes) =>
        new(patientId, deviceId, placement, events, minutes);

    /// <summary>A step at a time.</summary>
    protected static LoadEvent Step(double time) => new(time, LoadEventKind.Step, 1.75f, 9.5f);

    /// <summary>One event of each kind, every field set, in time order, times with microsecond fractions.</summary>
    protected static LoadEvent[] SampleEvents(double start) =>
    [
        new(start + 0.123_456, LoadEventKind.Step, PeakG: 2.125f, Load: 20.39f),
        new(start + 1.5, LoadEventKind.Jump, PeakG: 5.375f, Load: 834.6f, JumpHeightCm: 27.3f),
        new(start + 61.000_001, LoadEventKind.Lift, PeakG: 1.3f, Load: 39.0625f, Set: 2, Rep: 7),
    ];

    /// <summary>Three consecutive minutes with every field set.</summary>
    protected static MinuteAggregate[] SampleMinutes(long start) =>
    [
        .. Enumerable.Range(0, 3).Select(i => new MinuteAggregate
        {
            MinuteStart = start + (60 * i),
            Samples = 3000 + i,
            Worn = i != 2,
            Steps = 80 + i,
            Jumps = 3 + i,
            LiftReps = 10 + i,
            LiftSets = 1 + i,
            ImpactBandCounts = [1 + i, 2, 3, 4, 5 + i],
            SecondsAbove750Mg = 17 + i,
            SecondsAbove1000Mg = 9 + i,
            LoadSum = 1234.567 + i,
            MaxPeakG = 6.1f + i,
            MaxJumpHeightCm = 31.7f,
            JumpHeightSumCm = 88.9f + i,
        }),
    ];

    /// <summary>A day with every field set.</summary>
    protected static DailySummary SampleDay(DateOnly date) => new()
    {
        Date = date,
        Steps = 8_123,
        Jumps = 64,
        JumpSessions = 2,
        MostJumpsInSession = 50,
        MaxJumpHeightCm = 33.3f,
        MeanJumpHeightCm = 21.7f,
        LiftSets = 3,
        LiftReps = 30,
        ImpactBandCounts = [400, 120, 35, 8, 2],
        Placement = Placement.Hip,
        SecondsAbove750Mg = 45,
        SecondsAbove1000Mg = 12,
        Load = 7.891_234_5,
        OsteogenicIndex = 12.345_678_9,
        WearMinutes = 840,
        ActiveMinutes = 55,
    };

    /// <summary>Asserts that a batch's minutes came back, in order, with its device and placement.</summary>
    protected static void AssertMinutes(PatientBatch expected, IReadOnlyList<DeviceMinute> actual)
    {
        Assert.Equal(expected.Minutes.Count, actual.Count);
        for (int i = 0; i < actual.Count; i++)
        {
            Assert.Equal(expected.DeviceId, actual[i].DeviceId);
            Assert.Equal(expected.Placement, actual[i].Placement);
            AssertMinute(expected.Minutes[i], actual[i].Minute);
        }
    }

    /// <summary>Asserts every field of a minute, band counts by value.</summary>
    protected static void AssertMinute(MinuteAggregate expected, MinuteAggregate actual)
    {
        Assert.Equal(expected.ImpactBandCounts, actual.ImpactBandCounts);

        // Record equality compares the band list by reference; with it set aside it covers every other field, new ones too.
        Assert.Equal(expected with { ImpactBandCounts = ImpactBands.EmptyCounts }, actual with { ImpactBandCounts = ImpactBands.EmptyCounts });
    }

    /// <summary>Asserts every field of a day, band counts by value.</summary>
    protected static void AssertDay(DailySummary expected, DailySummary actual)
    {
        Assert.Equal(expected.ImpactBandCounts, actual.ImpactBandCounts);
        Assert.Equal(expected with { ImpactBandCounts = ImpactBands.EmptyCounts }, actual with { ImpactBandCounts = ImpactBands.EmptyCounts });
    }
}
