using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Outbox;
using LoadSense.InfluxDb.Tests.Support;
using LoadSense.Storage.Outbox;
using LoadSense.Storage.Tests;

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
    public async Task AppendAsync_ReachableServer_LeavesOutboxEmpty()
    {
        await Store.AppendAsync(Batch("p1", "hip-1", Core.Placement.Hip, SampleEvents(T0), SampleMinutes(T0)));

        OutboxStatus status = await ((OutboxLoadStore)Store).Outbox.GetStatusAsync();
        Assert.Equal(0, status.PendingBatches);
        Assert.Equal(0, status.DeadBatches);
    }
}
