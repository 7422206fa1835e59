using LoadSense.Core;

namespace LoadSense.Cli.Evaluation;

/// <summary>
/// Turns a recording into what a slower device would have recorded: the samples of each interval
/// of 1/rate s (counted from t = 0) are averaged into one, timed at their mean time. Averaging,
/// not picking every n-th sample, because a real low-rate accelerometer low-passes before it
/// samples (its output data rate sets its bandwidth). An interval without samples is left out,
/// so a gap stays a gap in the times, where the analyzer finds it. Used by
/// <c>eval --resample-hz</c> to measure the detectors at, say, 12.5 Hz on faster recordings.
/// </summary>
internal static class Resampler
{
    public static IEnumerable<SampleBlock> Resample(IEnumerable<SampleBlock> blocks, double rateHz, int blockSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfLessThan(rateHz, 1);
        SampleBlock? output = null;
        long bin = long.MinValue;
        double sumT = 0, sumX = 0, sumY = 0, sumZ = 0;
        int n = 0;
        foreach (SampleBlock block in blocks)
        {
            // A recording already slower than the rate keeps its samples, and its rate.
            output ??= new SampleBlock(block.DeviceId, blockSize) { SampleRateHz = Math.Min(rateHz, block.SampleRateHz) };
            for (int i = 0; i < block.Count; i++)
            {
                // A sample on an interval's boundary (0.08 s at 12.5 Hz) belongs to the next one,
                // whatever the rounding of its time.
                long sampleBin = (long)Math.Floor((block.Time[i] * rateHz) + 1e-6);
                if (sampleBin != bin && n > 0)
                {
                    output.Add(sumT / n, (float)(sumX / n), (float)(sumY / n), (float)(sumZ / n));
                    sumT = sumX = sumY = sumZ = 0;
                    n = 0;
                    if (output.IsFull)
                    {
                        yield return output;
                        output.Clear();
                    }
                }

                bin = sampleBin;
                sumT += block.Time[i];
                sumX += block.X[i];
                sumY += block.Y[i];
                sumZ += block.Z[i];
                n++;
            }
        }

        if (output is not null && n > 0)
        {
            output.Add(sumT / n, (float)(sumX / n), (float)(sumY / n), (float)(sumZ / n));
        }

        if (output is { Count: > 0 })
        {
            yield return output;
        }
    }
}
