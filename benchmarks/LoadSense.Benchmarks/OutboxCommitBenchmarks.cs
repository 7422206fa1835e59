using BenchmarkDotNet.Attributes;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.Storage.Outbox;

namespace LoadSense.Benchmarks;

/// <summary>
/// The outbox's cost per batch without the network: commit one batch (WAL, synchronous=FULL),
/// then acknowledge it, as a drain does after InfluxDB's 2xx. A full request of 5000 raw-sample
/// points (about 370 kB of line protocol) is the baseline; a 50-point batch shows the fixed cost of
/// the two commits.
/// </summary>
[MemoryDiagnoser]
public class OutboxCommitBenchmarks
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-bench-outbox-").FullName;
    private SqliteOutbox _outbox = null!;
    private byte[] _full = [];
    private byte[] _small = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _outbox = await SqliteOutbox.OpenAsync(new OutboxOptions { Path = Path.Combine(_directory, "outbox.db") });
        byte[] key = LineProtocolWriter.SeriesKey("raw_samples", ("device", "hip-1"), ("patient", "p1"), ("placement", "hip"));
        var writer = new LineProtocolWriter(1 << 20);
        double[] time = [.. Enumerable.Range(0, 5000).Select(i => 1_767_225_600 + (i * 0.01))];
        float[] x = [.. Enumerable.Range(0, 5000).Select(i => 0.01f * (i % 97))];
        writer.ThreeAxisPoints(key, "x"u8, "y"u8, "z"u8, time, x, x, x, 1e6);
        _full = writer.WrittenMemory.ToArray();
        writer.Clear();
        writer.ThreeAxisPoints(key, "x"u8, "y"u8, "z"u8, time.AsSpan(0, 50), x.AsSpan(0, 50), x.AsSpan(0, 50), x.AsSpan(0, 50), 1e6);
        _small = writer.WrittenMemory.ToArray();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _outbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task CommitAndAcknowledge5000Points() => CommitAndAcknowledgeAsync(_full, 5000);

    [Benchmark]
    public Task CommitAndAcknowledge50Points() => CommitAndAcknowledgeAsync(_small, 50);

    private async Task CommitAndAcknowledgeAsync(byte[] payload, int points)
    {
        await _outbox.EnqueueAsync(payload, points);
        IReadOnlyList<OutboxBatch> batches = await _outbox.PeekAsync(1);
        await _outbox.AcknowledgeAsync(batches[0].Id);
    }
}
