using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.InfluxDb.Outbox;
using LoadSense.InfluxDb.Tests.Support;
using LoadSense.Storage.Outbox;

namespace LoadSense.InfluxDb.Tests.Outbox;

/// <summary>Requests of several batches, in parallel, against a real influxd: counts read back with InfluxQL.</summary>
[Collection(InfluxdTests.Name)]
public sealed class OutboxSenderTests(InfluxdFixture influxd) : IDisposable
{
    private const long T0 = 1_767_225_600;

    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-sender-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DrainAsync_ParallelWrites_BoundRespectedNoLossNoDuplicate()
    {
        InfluxDbOptions direct = influxd.NewDatabase();
        await Influx.CreateDatabaseAsync(direct);
        await using var proxy = new SlowProxy(influxd.Url, slowWrites: 0, delay: TimeSpan.Zero, holdEveryWrite: TimeSpan.FromMilliseconds(150));
        InfluxDbOptions options = Through(proxy, direct, batchPoints: 100, parallel: 3);
        await using OutboxLoadStore store = await OpenAsync(options);
        await EnqueueStepBatchesAsync(store, batches: 30, perBatch: 100);

        DrainResult result = await store.Sender.DrainAsync(retry: true);

        Assert.Equal(3, proxy.MaxConcurrentWrites);
        Assert.Equal(30, proxy.Writes);
        Assert.Equal(30, result.SentBatches);
        Assert.Equal(3000, result.SentPoints);
        Assert.Equal(0, (await store.Outbox.GetStatusAsync()).PendingBatches);
        Assert.Equal(3000, await Influx.ScalarAsync(direct, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
    }

    [Fact]
    public async Task DrainAsync_SmallBatches_TravelTogetherUpToBatchPoints()
    {
        InfluxDbOptions direct = influxd.NewDatabase();
        await Influx.CreateDatabaseAsync(direct);
        await using var proxy = new SlowProxy(influxd.Url, slowWrites: 0, delay: TimeSpan.Zero);
        await using OutboxLoadStore store = await OpenAsync(Through(proxy, direct, batchPoints: 100, parallel: 2));
        await EnqueueStepBatchesAsync(store, batches: 25, perBatch: 20);

        DrainResult result = await store.Sender.DrainAsync(retry: true);

        Assert.Equal(5, proxy.Writes);
        Assert.Equal(25, result.SentBatches);
        Assert.Equal(500, await Influx.ScalarAsync(direct, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
    }

    [Fact]
    public async Task DrainAsync_OneBatchOfARequestRefused_OnlyThatBatchIsDeadLettered()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.BatchPoints = 100;
        options.MaxParallelWrites = 2;
        await Influx.CreateDatabaseAsync(options);
        await Influx.WriteAsync(options, $"minutes,device=hip-1,patient=p1,placement=hip steps=1.5 {T0 - 3600}000000\n");
        await using OutboxLoadStore store = await OpenAsync(options);
        await EnqueueStepsAsync(store, 0, 30);
        var conflict = new LineProtocolWriter();
        InfluxDbLoadStore.Encode(conflict, new PatientBatch("p1", "hip-1", Placement.Hip, [], [new MinuteAggregate { MinuteStart = T0, Steps = 12 }]));
        await store.Outbox.EnqueueAsync(conflict.WrittenMemory, conflict.PointCount);
        await EnqueueStepsAsync(store, 30, 30);

        DrainResult result = await store.Sender.DrainAsync(retry: true);

        DeadLetter dead = Assert.Single(await store.Outbox.ReadDeadLettersAsync(10));
        Assert.Equal(1, dead.Points);
        Assert.Contains("field type conflict", dead.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.DeadLettered);
        Assert.Equal(2, result.SentBatches);
        Assert.Equal(60, await Influx.ScalarAsync(options, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
    }

    [Fact]
    public async Task DrainAsync_DaysRewrittenWhileParallel_LastWriteWins()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.MaxParallelWrites = 4;
        options.FlushIntervalSeconds = 300;
        await using OutboxLoadStore store = await OpenAsync(options);
        var date = new DateOnly(2026, 1, 1);
        for (int version = 1; version <= 6; version++)
        {
            await EnqueueStepsAsync(store, version * 10, 10);
            var day = new LineProtocolWriter();
            InfluxDbLoadStore.Encode(day, "p1", [new DailySummary { Date = date, Steps = version, ImpactBandCounts = [0, 0, 0, 0, 0] }]);
            await store.Outbox.EnqueueAsync([(day.WrittenMemory, day.PointCount)], new OutboxRoute("", Barrier: true));
        }

        await store.Sender.DrainAsync(retry: true);

        Assert.Equal(6, Assert.Single(await store.ReadDaysAsync("p1", date, date)).Steps);
    }

    [Fact]
    public async Task DrainAsync_RetentionPolicyMissing_CreatesItOnceAndTheBatchLands()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.RawRetentionDays = 2;
        await using OutboxLoadStore store = await OpenAsync(options);
        long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        byte[] lines = System.Text.Encoding.ASCII.GetBytes($"raw_samples,device=hip-1,patient=p1,placement=hip x=0.5,y=0,z=1 {now}\n");
        await store.Outbox.EnqueueAsync([(lines, 1)], new OutboxRoute("dropped_policy"));

        DrainResult result = await store.Sender.DrainAsync(retry: false);

        Assert.Equal(0, result.PendingBatches);
        Assert.Equal(1, await Influx.ScalarAsync(options, $"SELECT count(x) FROM \"{options.Database}\".\"dropped_policy\".\"raw_samples\""));
        Assert.Contains("[\"dropped_policy\",\"48h0m0s\"", await Influx.RawJsonAsync(options, "SHOW RETENTION POLICIES"), StringComparison.Ordinal);
    }

    [Fact]
    public void PlanRound_MixedBatches_PacksPerDestinationAndStopsBeforeABarrier()
    {
        OutboxBatch[] batches =
        [
            new(1, new byte[1], 40, 0),
            new(2, new byte[1], 40, 0, "raw"),
            new(3, new byte[1], 50, 0),
            new(4, new byte[1], 30, 0),
            new(5, new byte[1], 80, 0, "raw"),
            new(6, new byte[1], 1, 0, Barrier: true),
            new(7, new byte[1], 1, 0),
        ];

        List<WriteRequest> round = OutboxSender.PlanRound(batches, maxPoints: 100);

        Assert.Equal([[1L, 3L], [2L], [4L], [5L]], round.Select(r => r.Ids.ToArray()));
        Assert.Equal(["", "raw", "", "raw"], round.Select(r => r.Destination));
        Assert.Equal([6L], Assert.Single(OutboxSender.PlanRound(batches[5..], maxPoints: 100)).Ids);
    }

    private static InfluxDbOptions Through(SlowProxy proxy, InfluxDbOptions direct, int batchPoints, int parallel) => new()
    {
        Url = proxy.Url,
        Database = direct.Database,
        BatchPoints = batchPoints,
        MaxParallelWrites = parallel,
        RetryBaseDelaySeconds = 0.05,
        RetryMaxDelaySeconds = 0.2,
    };

    private Task<OutboxLoadStore> OpenAsync(InfluxDbOptions options) =>
        OutboxLoadStore.OpenAsync(options, new OutboxOptions { Path = Path.Combine(_directory, "outbox.db") });

    private static async Task EnqueueStepBatchesAsync(OutboxLoadStore store, int batches, int perBatch)
    {
        for (int b = 0; b < batches; b++)
        {
            await EnqueueStepsAsync(store, b * perBatch, perBatch);
        }
    }

    private static async Task EnqueueStepsAsync(OutboxLoadStore store, int first, int count)
    {
        var writer = new LineProtocolWriter();
        InfluxDbLoadStore.Encode(writer, new PatientBatch("p1", "hip-1", Placement.Hip, [.. Enumerable.Range(first, count).Select(i => new LoadEvent(T0 + (i * 0.5), LoadEventKind.Step, 1.5f, 7.5f))], []));
        await store.Outbox.EnqueueAsync(writer.WrittenMemory, writer.PointCount);
    }
}
