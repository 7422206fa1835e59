using System.Diagnostics;
using System.Globalization;
using LoadSense.Core;
using LoadSense.Core.Storage;
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
        await using InfluxDbLoadStore direct = await InfluxDbLoadStore.OpenAsync(directOptions);
        await using OutboxLoadStore viaOutbox = await OutboxLoadStore.OpenAsync(outboxOptions, OutboxOptions);

        double directRate = await RateAsync(direct);
        double outboxRate = await RateAsync(viaOutbox);

        Assert.Equal(total, await Influx.ScalarAsync(directOptions, "SELECT count(peak_g) FROM events"));
        Assert.Equal(total, await Influx.ScalarAsync(outboxOptions, "SELECT count(peak_g) FROM events"));
        string report = string.Create(CultureInfo.InvariantCulture, $"events into local influxd, {total} points in batches of {perBatch}: direct {directRate:0} points/s, through the outbox {outboxRate:0} points/s ({outboxRate / directRate:P0} of direct)");
        output.WriteLine(report);

        async Task<double> RateAsync(ILoadStore store)
        {
            var watch = Stopwatch.StartNew();
            for (int start = 0; start < total; start += perBatch)
            {
                await store.AppendAsync(Steps("p1", start, perBatch));
            }

            return total / watch.Elapsed.TotalSeconds;
        }
    }

    [Fact]
    public async Task WriteRate_RawSampleShapedPoints_AllLandAndRateIsReported()
    {
        // Raw samples are not part of the schema yet; this measures what the writer, the client
        // and influxd sustain for 100 Hz three-axis points (x, y, z floats), 5000 per request.
        const int total = 200_000;
        const int perRequest = 5_000;
        InfluxDbOptions options = influxd.NewDatabase();
        await Influx.CreateDatabaseAsync(options);
        using var client = new LoadSense.InfluxDb.Http.InfluxDbClient(options);
        var writer = new LoadSense.InfluxDb.LineProtocol.LineProtocolWriter(perRequest * 100);
        var watch = Stopwatch.StartNew();
        for (int start = 0; start < total; start += perRequest)
        {
            writer.Clear();
            for (int i = start; i < start + perRequest; i++)
            {
                writer.Measurement("samples");
                writer.Tag("device", "hip-1");
                writer.Tag("patient", "p1");
                writer.Field("x", 0.01 * (i % 97));
                writer.Field("y", -0.02 * (i % 89));
                writer.Field("z", 1 + (0.001 * (i % 83)));
                writer.Timestamp((T0 * 1_000_000) + (i * 10_000L));
            }

            await client.WriteAsync(writer.WrittenMemory, CancellationToken.None);
        }

        double rate = total / watch.Elapsed.TotalSeconds;

        Assert.Equal(total, await Influx.ScalarAsync(options, "SELECT count(x) FROM samples"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw-sample-shaped points (x, y, z) into local influxd, {total} points in requests of {perRequest}: {rate:0} points/s"));
    }

    private static PatientBatch Steps(string patient, int first, int count) =>
        new(patient, "hip-1", Placement.Hip, [.. Enumerable.Range(first, count).Select(i => new LoadEvent(T0 + (i * 0.5) + 0.000_017, LoadEventKind.Step, 1.5f + (i % 5 * 0.1f), 7.5f))], []);
}
