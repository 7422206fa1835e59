using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Outbox;
using LoadSense.InfluxDb.Tests.Support;
using LoadSense.Storage.Outbox;
using LoadSense.Storage.Tests;
using Microsoft.Extensions.Time.Testing;

namespace LoadSense.InfluxDb.Tests.Outbox;

/// <summary>The store contract through the outbox decorator, against a real influxd.</summary>
[Collection(InfluxdTests.Name)]
public sealed class OutboxLoadStoreTests(InfluxdFixture influxd) : LoadStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-outbox-").FullName;

    protected override async Task<ILoadStore> CreateStoreAsync() =>
        await OutboxLoadStore.OpenAsync(influxd.NewDatabase(), new OutboxOptions { Path = Path.Combine(_directory, "outbox.db") });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AppendAsync_ReachableServerNoFlushInterval_LeavesOutboxEmpty()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.FlushIntervalSeconds = 0;
        await using OutboxLoadStore store = await OutboxLoadStore.OpenAsync(options, new OutboxOptions { Path = Path.Combine(_directory, "now.db") });

        await store.AppendAsync(Batch("p1", "hip-1", Core.Placement.Hip, SampleEvents(T0), SampleMinutes(T0)));

        OutboxStatus status = await store.Outbox.GetStatusAsync();
        Assert.Equal(0, status.PendingBatches);
        Assert.Equal(0, status.DeadBatches);
    }

    [Fact]
    public async Task AppendAsync_PartialBatch_SentOnlyOnceTheFlushIntervalHasPassed()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.FlushIntervalSeconds = 5;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(T0));
        await using OutboxLoadStore store = await OutboxLoadStore.OpenAsync(options, new OutboxOptions { Path = Path.Combine(_directory, "timed.db") }, time);
        await store.AppendAsync(Batch("p1", "hip-1", Core.Placement.Hip, SampleEvents(T0), []));
        await store.AppendAsync(Batch("p1", "hip-1", Core.Placement.Hip, [Step(T0 + 7)], []));

        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(300);
        long pendingBefore = (await store.Outbox.GetStatusAsync()).PendingBatches;
        long landedBefore = await Influx.ScalarAsync(options, "SELECT count(peak_g) FROM events");
        time.Advance(TimeSpan.FromSeconds(0.2));
        long pendingAfter = await WaitForEmptyOutboxAsync(store);

        Assert.Equal(2, pendingBefore);
        Assert.Equal(0, landedBefore);
        Assert.Equal(0, pendingAfter);
        Assert.Equal(4, await Influx.ScalarAsync(options, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
    }

    [Fact]
    public async Task DisposeAsync_PartialBatchWaiting_SendsIt()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.FlushIntervalSeconds = 300;
        string path = Path.Combine(_directory, "dispose.db");
        await using (OutboxLoadStore store = await OutboxLoadStore.OpenAsync(options, new OutboxOptions { Path = path }))
        {
            await store.AppendAsync(Batch("p1", "hip-1", Core.Placement.Hip, SampleEvents(T0), []));
        }

        Assert.Equal(3, await Influx.ScalarAsync(options, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
        await using SqliteOutbox outbox = await SqliteOutbox.OpenAsync(new OutboxOptions { Path = path });
        Assert.Equal(0, (await outbox.GetStatusAsync()).PendingBatches);
    }

    [Fact]
    public async Task RecordBacklogAsync_WhileOffline_ArrivesLaterWithWhatHadPiledUp()
    {
        InfluxDbOptions online = influxd.NewDatabase();
        InfluxDbOptions offline = influxd.NewDatabase();
        offline.Database = online.Database;
        offline.Url = "http://127.0.0.1:1";
        string path = Path.Combine(_directory, "gateway.db");
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(T0));
        await using (OutboxLoadStore store = await OutboxLoadStore.OpenAsync(offline, new OutboxOptions { Path = path }, time))
        {
            await store.RecordBacklogAsync("gw-1");
            time.Advance(TimeSpan.FromHours(2));
            await store.RecordBacklogAsync("gw-1");
        }

        await using (OutboxLoadStore store = await OutboxLoadStore.OpenAsync(online, new OutboxOptions { Path = path }, time))
        {
            DrainResult drained = await store.Sender.DrainAsync(retry: true);
            Assert.Equal(0, drained.PendingBatches);
        }

        Assert.Equal(2, await Influx.ScalarAsync(online, "SELECT count(pending_points) FROM gateway_outbox WHERE gateway = 'gw-1'"));
        Assert.Equal(0, await Influx.ScalarAsync(online, $"SELECT last(pending_points) FROM gateway_outbox WHERE time <= {T0}s"));
        // Two hours later the first report was still waiting: one batch of one point, two hours old.
        Assert.Equal(1, await Influx.ScalarAsync(online, "SELECT last(pending_points) FROM gateway_outbox"));
        Assert.Equal(7200, await Influx.ScalarAsync(online, "SELECT last(oldest_pending_age_s) FROM gateway_outbox"));
    }

    private static async Task<long> WaitForEmptyOutboxAsync(OutboxLoadStore store)
    {
        long pending = -1;
        for (int i = 0; i < 100 && pending != 0; i++)
        {
            await Task.Delay(100);
            pending = (await store.Outbox.GetStatusAsync()).PendingBatches;
        }

        return pending;
    }
}
