using LoadSense.Cli.Service;

namespace LoadSense.Cli.Tests.Service;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Percentile_SpreadLatencies_IsTheUpperBoundOfTheBucketAtThatRank()
    {
        var recorder = new LatencyRecorder();
        for (int i = 0; i < 1000; i++)
        {
            // 5 µs into each 10 µs bucket: 0.005 ms to 9.995 ms.
            recorder.Record(TimeSpan.FromTicks((i * 100) + 50));
        }

        Assert.Equal(1000, recorder.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(5.00), recorder.Percentile(0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(9.90), recorder.Percentile(0.99));
        Assert.Equal(TimeSpan.FromTicks((999 * 100) + 50), recorder.Max);
        Assert.Equal(recorder.Max, recorder.Percentile(1.0));
    }

    [Fact]
    public void Percentile_LatencyBeyondTheBuckets_IsTheExactMaximum()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(TimeSpan.FromMilliseconds(1));
        recorder.Record(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), recorder.Percentile(0.99));
        Assert.Equal(TimeSpan.FromMilliseconds(1000.5), recorder.Mean);
    }

    [Fact]
    public void Summary_NothingRecorded_SaysZeroBlocks()
    {
        var recorder = new LatencyRecorder();
        Assert.Equal(TimeSpan.Zero, recorder.Percentile(0.99));
        Assert.StartsWith("0 blocks, mean 0.000 ms, p50 0.00 ms", recorder.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_FromManyThreads_CountsEveryOne()
    {
        var recorder = new LatencyRecorder();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                recorder.Record(TimeSpan.FromTicks(i));
            }
        })));

        Assert.Equal(40_000, recorder.Count);
        Assert.Equal(TimeSpan.FromTicks(9999), recorder.Max);
    }
}
