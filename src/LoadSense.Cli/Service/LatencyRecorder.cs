using System.Globalization;

namespace LoadSense.Cli.Service;

/// <summary>
/// A histogram of latencies for <c>loadsense run --measure</c>: 10 µs buckets up to 100 ms and
/// one overflow bucket, plus the exact maximum. Recording is lock-free and allocates nothing,
/// so it can sit on the hot path of every block; percentiles are bucket upper bounds.
/// </summary>
internal sealed class LatencyRecorder
{
    private const long BucketTicks = TimeSpan.TicksPerMillisecond / 100;
    private const int Buckets = 10_000;

    // The last element counts everything at or above Buckets × 10 µs (100 ms).
    private readonly long[] _counts = new long[Buckets + 1];
    private long _count;
    private long _sumTicks;
    private long _maxTicks;

    /// <summary>Counts one latency.</summary>
    public void Record(TimeSpan latency)
    {
        long ticks = Math.Max(0, latency.Ticks);
        Interlocked.Increment(ref _counts[Math.Min(Buckets, ticks / BucketTicks)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumTicks, ticks);
        long max = Interlocked.Read(ref _maxTicks);
        while (ticks > max)
        {
            long seen = Interlocked.CompareExchange(ref _maxTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Latencies counted so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The latency below which <paramref name="share"/> (0 to 1) of the counted ones lie, to the bucket's upper bound; zero when none was counted.</summary>
    public TimeSpan Percentile(double share)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(share, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1.0);
        long count = Count;
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(share * count));
        long seen = 0;
        for (int bucket = 0; bucket < Buckets; bucket++)
        {
            seen += Interlocked.Read(ref _counts[bucket]);
            if (seen >= rank)
            {
                return TimeSpan.FromTicks(Math.Min((bucket + 1) * BucketTicks, Max.Ticks));
            }
        }

        return Max;
    }

    /// <summary>The largest latency counted.</summary>
    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks));

    /// <summary>The mean latency; zero when none was counted.</summary>
    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks) / Count);

    /// <summary>One line: count, mean, p50, p90, p99, p99.9 and max in milliseconds.</summary>
    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Count} blocks, mean {Mean.TotalMilliseconds:0.000} ms, p50 {Percentile(0.5).TotalMilliseconds:0.00} ms, p90 {Percentile(0.9).TotalMilliseconds:0.00} ms, " +
        $"p99 {Percentile(0.99).TotalMilliseconds:0.00} ms, p99.9 {Percentile(0.999).TotalMilliseconds:0.00} ms, max {Max.TotalMilliseconds:0.00} ms");
}
