using System.Diagnostics;
using System.Globalization;
using LoadSense.Core;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.InfluxDb.Outbox;
using LoadSense.InfluxDb.Tests.Support;
using LoadSense.Storage.Outbox;
using Xunit.Abstractions;

namespace LoadSense.InfluxDb.Tests.Outbox;

/// <summary>Nothing lost, nothing doubled: counts read back with InfluxQL after each fault.</summary>
[Collection(InfluxdTests.Name)]
public sealed class OutboxFaultTests(InfluxdFixture influxd, ITestOutputHelper output) : IDisposable
{
    private const long T0 = 1_767_225_600;

    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-outbox-").FullName;

    private OutboxOptions OutboxOptions => new() { Path = Path.Combine(_directory, "outbox.db") };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DrainAsync_InfluxdStoppedMidStreamThenStarted_EveryEventOnce()
    {
        InfluxDbOptions options = influxd.NewDatabase(timeoutSeconds: 2);
        options.FlushIntervalSeconds = 0;
        await using OutboxLoadStore store = await OutboxLoadStore.OpenAsync(options, OutboxOptions);
        long pendingWhileDown = 0;
        try
        {
            for (int b = 0; b < 10; b++)
            {
                if (b == 3)
                {
                    await influxd.StopAsync();
                }

                if (b == 7)
                {
                    pendingWhileDown = (await store.Outbox.GetStatusAsync()).PendingBatches;
                    await influxd.StartAsync();
                }

                await store.AppendAsync(Steps("p1", b * 500, 500));
            }
        }
        finally
        {
            await influxd.StartAsync();
        }

        DrainResult result = await store.Sender.DrainAsync(retry: true);

        Assert.Equal(4, pendingWhileDown);
        Assert.Equal(0, result.PendingBatches);
        Assert.Equal(5000, await Influx.ScalarAsync(options, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
        Assert.Equal(5000, (await store.ReadEventsAsync("p1", T0, T0 + 10_000)).Count);
    }

    [Fact]
    public async Task DrainAsync_FieldTypeConflict_DeadLettersThatBatchAndLaterBatchesLand()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        await Influx.CreateDatabaseAsync(options);

        // `steps` already exists as a float in this shard, so LoadSense's integer steps conflict.
        await Influx.WriteAsync(options, $"minutes,device=hip-1,patient=p1,placement=hip steps=1.5 {T0 - 3600}000000\n");
        await using OutboxLoadStore store = await OutboxLoadStore.OpenAsync(options, OutboxOptions);

        await store.AppendAsync(new PatientBatch("p1", "hip-1", Placement.Hip, [], [new Core.Scoring.MinuteAggregate { MinuteStart = T0, Steps = 12 }]));
        await store.AppendAsync(Steps("p1", 0, 100));
        await store.AppendAsync(Steps("p1", 100, 100));
        DrainResult result = await store.Sender.DrainAsync(retry: true);

        OutboxStatus status = await store.Outbox.GetStatusAsync();
        DeadLetter dead = Assert.Single(await store.Outbox.ReadDeadLettersAsync(10));
        Assert.Equal(0, result.PendingBatches);
        Assert.Equal(0, status.PendingBatches);
        Assert.Equal(1, status.DeadBatches);
        Assert.Equal(400, dead.Status);
        Assert.Contains("field type conflict", dead.Message, StringComparison.Ordinal);
        Assert.Equal(200, await Influx.ScalarAsync(options, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
        Assert.Equal(1, await Influx.ScalarAsync(options, "SELECT count(steps) FROM minutes WHERE patient = 'p1'"));
    }

    [Fact]
    public async Task DrainAsync_ServerAnswersAfterTheTimeout_NoDuplicatesNoLoss()
    {
        InfluxDbOptions direct = influxd.NewDatabase();
        await using var proxy = new SlowProxy(influxd.Url, slowWrites: 3, delay: TimeSpan.FromSeconds(3));
        InfluxDbOptions options = new()
        {
            Url = proxy.Url,
            Database = direct.Database,
            TimeoutSeconds = 1,
            BatchPoints = 200,
            RetryBaseDelaySeconds = 0.05,
            RetryMaxDelaySeconds = 0.2,
        };
        await using OutboxLoadStore store = await OutboxLoadStore.OpenAsync(options, OutboxOptions);

        for (int b = 0; b < 5; b++)
        {
            await store.AppendAsync(Steps("p1", b * 200, 200));
        }

        DrainResult result = await store.Sender.DrainAsync(retry: true);

        Assert.Equal(0, result.PendingBatches);
        Assert.True(proxy.Writes > 5, $"only {proxy.Writes} writes reached influxd; the slow answers should have caused resends");
        Assert.Equal(1000, await Influx.ScalarAsync(direct, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
        Assert.Equal(0, (await store.Outbox.GetStatusAsync()).DeadBatches);
    }

    [Fact]
    public async Task WriteRate_EventsDirectAndThroughOutbox_AllLandAndRatesAreReported()
    {
        const int total = 100_000;
        const int perBatch = 5_000;
        InfluxDbOptions directOptions = influxd.NewDatabase();
        InfluxDbOptions outboxOptions = influxd.NewDatabase();
        int parallel = outboxOptions.MaxParallelWrites;
        await using InfluxDbLoadStore direct = await InfluxDbLoadStore.OpenAsync(directOptions);
        await using OutboxLoadStore viaOutbox = await OutboxLoadStore.OpenAsync(outboxOptions, OutboxOptions);

        double directRate = await RateAsync(direct);
        double outboxRate = await RateAsync(viaOutbox);

        Assert.Equal(total, await Influx.ScalarAsync(directOptions, "SELECT count(peak_g) FROM events"));
        Assert.Equal(total, await Influx.ScalarAsync(outboxOptions, "SELECT count(peak_g) FROM events"));
        string report = string.Create(CultureInfo.InvariantCulture, $"events into local influxd, {total} points in appends of {perBatch}, MaxParallelWrites {parallel}: direct {directRate:0} points/s, through the outbox {outboxRate:0} points/s ({outboxRate / directRate:P0} of direct)");
        output.WriteLine(report);

        async Task<double> RateAsync(ILoadStore store)
        {
            var watch = Stopwatch.StartNew();
            for (int start = 0; start < total; start += perBatch)
            {
                await store.AppendAsync(Steps("p1", start, perBatch));
            }

            // Reading drains what still waits in the outbox: the rate counts every point landed.
            Assert.Equal(perBatch, (await store.ReadEventsAsync("p1", T0, T0 + (perBatch * 0.5))).Count);
            return total / watch.Elapsed.TotalSeconds;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task WriteRate_BacklogAfterAnOutage_DrainedInParallelExactlyOnce(int parallel)
    {
        // 200 000 events waiting (an outage's backlog), then one drain: where parallel requests pay off.
        const int total = 200_000;
        const int perBatch = 5_000;
        InfluxDbOptions options = influxd.NewDatabase();
        options.MaxParallelWrites = parallel;
        await Influx.CreateDatabaseAsync(options);
        await using OutboxLoadStore store = await OutboxLoadStore.OpenAsync(options, OutboxOptions);
        for (int first = 0; first < total; first += perBatch)
        {
            var writer = new LineProtocolWriter(perBatch * 100);
            InfluxDbLoadStore.Encode(writer, Steps("p1", first, perBatch));
            await store.Outbox.EnqueueAsync(writer.WrittenMemory, writer.PointCount);
        }

        var watch = Stopwatch.StartNew();
        DrainResult result = await store.Sender.DrainAsync(retry: true);
        double rate = total / watch.Elapsed.TotalSeconds;

        Assert.Equal(total, result.SentPoints);
        Assert.Equal(0, result.PendingBatches);
        Assert.Equal(total, await Influx.ScalarAsync(options, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outbox backlog of {total} events drained into local influxd, requests of {perBatch}, MaxParallelWrites {parallel}: {rate:0} points/s"));
    }

    [Fact]
    public async Task WriteRate_RawSamplesDirectAndThroughOutbox_AllLandAndRatesAreReported()
    {
        // 100 Hz three-axis samples of one sensor, 300 000 (50 minutes), blocks of 250 as a BLE session hands them over.
        const int total = 300_000;
        long start = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 7200;
        InfluxDbOptions directOptions = influxd.NewDatabase();
        InfluxDbOptions outboxOptions = influxd.NewDatabase();
        directOptions.RawSamples = outboxOptions.RawSamples = true;
        await using InfluxDbLoadStore direct = await InfluxDbLoadStore.OpenAsync(directOptions);
        await direct.TryEnsureRetentionPolicyAsync(directOptions.RawRetentionPolicy, directOptions.RawRetentionDays);
        await using OutboxLoadStore viaOutbox = await OutboxLoadStore.OpenAsync(outboxOptions, OutboxOptions);
        List<SampleBlock> blocks = RawBlocks(start, total, 250);

        var watch = Stopwatch.StartNew();
        var writer = new LineProtocolWriter(1 << 20);
        byte[] key = LineProtocolWriter.SeriesKey("raw_samples", ("device", "hip-1"), ("patient", "p1"), ("placement", "hip"));
        foreach (SampleBlock block in blocks)
        {
            writer.ThreeAxisPoints(key, "x"u8, "y"u8, "z"u8, block.Time, block.X, block.Y, block.Z, 1e6);
            if (writer.PointCount >= directOptions.BatchPoints * directOptions.MaxParallelWrites)
            {
                await direct.WriteLinesAsync(writer, CancellationToken.None, directOptions.RawRetentionPolicy);
                writer.Clear();
            }
        }

        await direct.WriteLinesAsync(writer, CancellationToken.None, directOptions.RawRetentionPolicy);
        double directRate = total / watch.Elapsed.TotalSeconds;

        watch.Restart();
        await using (IRawSampleSink sink = await viaOutbox.OpenRawSampleSinkAsync("p1"))
        {
            foreach (SampleBlock block in blocks)
            {
                sink.Write(block, Placement.Hip);
            }
        }

        DrainResult rest = await viaOutbox.Sender.DrainAsync(retry: true);
        double outboxRate = total / watch.Elapsed.TotalSeconds;

        string countDirect = $"SELECT count(x) FROM \"{directOptions.Database}\".\"loadsense_raw\".\"raw_samples\"";
        string countOutbox = $"SELECT count(x) FROM \"{outboxOptions.Database}\".\"loadsense_raw\".\"raw_samples\"";
        Assert.Equal(total, await Influx.ScalarAsync(directOptions, countDirect));
        Assert.Equal(total, await Influx.ScalarAsync(outboxOptions, countOutbox));
        Assert.Equal(0, rest.PendingBatches);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw samples into local influxd, {total} points, requests of {directOptions.BatchPoints}, MaxParallelWrites {directOptions.MaxParallelWrites}: direct {directRate:0} points/s, through the outbox {outboxRate:0} points/s ({outboxRate / directRate:P0} of direct)"));
    }

    private static List<SampleBlock> RawBlocks(long start, int total, int perBlock)
    {
        var blocks = new List<SampleBlock>();
        for (int first = 0; first < total; first += perBlock)
        {
            var block = new SampleBlock("hip-1", perBlock);
            for (int i = first; i < first + perBlock; i++)
            {
                block.Add(start + (i * 0.01), 0.01f * (i % 97), -0.02f * (i % 89), 1 + (0.001f * (i % 83)));
            }

            blocks.Add(block);
        }

        return blocks;
    }

    private static PatientBatch Steps(string patient, int first, int count) =>
        new(patient, "hip-1", Placement.Hip, [.. Enumerable.Range(first, count).Select(i => new LoadEvent(T0 + (i * 0.5) + 0.000_017, LoadEventKind.Step, 1.5f + (i % 5 * 0.1f), 7.5f))], []);
}
