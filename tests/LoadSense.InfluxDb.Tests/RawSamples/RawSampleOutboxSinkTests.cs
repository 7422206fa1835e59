using System.Text.Json;
using LoadSense.Core;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Outbox;
using LoadSense.InfluxDb.RawSamples;
using LoadSense.InfluxDb.Tests.Support;
using LoadSense.Storage.Outbox;

namespace LoadSense.InfluxDb.Tests.RawSamples;

/// <summary>Raw samples through the outbox onto their own retention policy of a real influxd.</summary>
[Collection(InfluxdTests.Name)]
public sealed class RawSampleOutboxSinkTests(InfluxdFixture influxd) : IDisposable
{
    // An hour ago: the raw policy keeps only recent points.
    private static readonly long T0 = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 3600;

    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-raw-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Write_BlocksOfTwoDevices_LandOnTheRawRetentionPolicyWithExactCounts()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.RawSamples = true;
        options.RawRetentionPolicy = "raw_test";
        options.RawRetentionDays = 3;
        options.BatchPoints = 1000;
        await using OutboxLoadStore store = await OpenAsync(options);
        await using (IRawSampleSink sink = await store.OpenRawSampleSinkAsync("p1"))
        {
            WriteSamples(sink, "hip-1", Placement.Hip, 12_345, 100);
            WriteSamples(sink, "wrist 1,left", Placement.Wrist, 2_001, 50);
            await sink.FlushAsync();
        }

        await store.Sender.DrainAsync(retry: true);

        string raw = $"\"{options.Database}\".\"raw_test\".\"raw_samples\"";
        Assert.Equal(12_345, await Influx.ScalarAsync(options, $"SELECT count(x) FROM {raw} WHERE device = 'hip-1' AND placement = 'hip' AND patient = 'p1'"));
        Assert.Equal(2_001, await Influx.ScalarAsync(options, $"SELECT count(z) FROM {raw} WHERE device = 'wrist 1,left' AND placement = 'wrist'"));
        Assert.Equal(0, await Influx.ScalarAsync(options, "SELECT count(x) FROM raw_samples"));
        Assert.Contains("[\"raw_test\",\"72h0m0s\"", await Influx.RawJsonAsync(options, "SHOW RETENTION POLICIES"), StringComparison.Ordinal);

        // The 101st hip sample, at T0 + 1.01 s: values as floats in g, time to the microsecond.
        using JsonDocument answer = JsonDocument.Parse(await Influx.RawJsonAsync(options, $"SELECT x, y, z FROM {raw} WHERE device = 'hip-1' AND time = {(T0 * 1_000_000) + 1_010_000}u"));
        JsonElement row = answer.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0];
        Assert.Equal(Sample(101).X, (float)row[1].GetDouble());
        Assert.Equal(Sample(101).Y, (float)row[2].GetDouble());
        Assert.Equal(Sample(101).Z, (float)row[3].GetDouble());
    }

    [Fact]
    public async Task Write_SamplesOlderThanTheRawPolicy_AcknowledgedNotDeadLettered()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.RawSamples = true;
        options.RawRetentionDays = 1;
        await using OutboxLoadStore store = await OpenAsync(options);
        await using (IRawSampleSink sink = await store.OpenRawSampleSinkAsync("p1"))
        {
            var block = new SampleBlock("hip-1", 10);
            for (int i = 0; i < 10; i++)
            {
                block.Add(T0 - (3 * 86_400) + i, 0f, 0f, 1f);
            }

            sink.Write(block, Placement.Hip);
        }

        DrainResult result = await store.Sender.DrainAsync(retry: true);

        OutboxStatus status = await store.Outbox.GetStatusAsync();
        Assert.Equal(0, status.PendingBatches);
        Assert.Equal(0, status.DeadBatches);
        Assert.Equal(0, result.PendingBatches);
    }

    [Fact]
    public async Task Write_InfluxUnreachablePastTheRawCap_DropsRawSamplesOnlyAndCountsThem()
    {
        var options = new InfluxDbOptions
        {
            Url = "http://127.0.0.1:9",
            Database = "nowhere",
            TimeoutSeconds = 1,
            RawSamples = true,
            BatchPoints = 5000,
            RawMaxPendingPoints = 10_000,
        };
        await using OutboxLoadStore store = await OpenAsync(options);
        var sink = (RawSampleOutboxSink)await store.OpenRawSampleSinkAsync("p1");
        await using (sink)
        {
            WriteSamples(sink, "hip-1", Placement.Hip, 25_000, 1000);
            await sink.FlushAsync();
        }

        await store.AppendAsync(new PatientBatch("p1", "hip-1", Placement.Hip, [new LoadEvent(T0, LoadEventKind.Step, 1.5f, 7.5f)], []));

        OutboxStatus status = await store.Outbox.GetStatusAsync();
        Assert.Equal(15_000, sink.Dropped);
        Assert.Equal(10_001, status.PendingPoints);
    }

    private Task<OutboxLoadStore> OpenAsync(InfluxDbOptions options) =>
        OutboxLoadStore.OpenAsync(options, new OutboxOptions { Path = Path.Combine(_directory, "outbox.db") });

    private static (float X, float Y, float Z) Sample(int i) => (0.01f * (i % 97), -0.02f * (i % 89), 1 + (0.001f * (i % 83)));

    // Blocks of `perBlock` samples at 100 Hz, one block object reused as a sensor session does.
    private static void WriteSamples(IRawSampleSink sink, string device, Placement placement, int count, int perBlock)
    {
        var block = new SampleBlock(device, perBlock);
        for (int i = 0; i < count; i++)
        {
            (float x, float y, float z) = Sample(i);
            block.Add(T0 + (i * 0.01), x, y, z);
            if (block.IsFull || i == count - 1)
            {
                sink.Write(block, placement);
                block.Clear();
            }
        }
    }
}
