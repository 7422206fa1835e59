using LoadSense.Cli.Evaluation;
using LoadSense.Core;

namespace LoadSense.Cli.Tests.Evaluation;

public class ResamplerTests
{
    // A ramp at rateHz from t = 0 (x = t), in blocks of 30, with the seconds in skip left out.
    private static IEnumerable<SampleBlock> Ramp(double rateHz, double seconds, (double From, double Until)? skip = null)
    {
        var block = new SampleBlock("ramp", 30) { SampleRateHz = rateHz };
        for (int i = 0; i < seconds * rateHz; i++)
        {
            double t = i / rateHz;
            if (skip is { } s && t >= s.From && t < s.Until)
            {
                continue;
            }

            block.Add(t, (float)t, 0, 1);
            if (block.IsFull)
            {
                yield return block;
                block.Clear();
            }
        }

        if (block.Count > 0)
        {
            yield return block;
        }
    }

    private static List<(double T, float X)> Collect(IEnumerable<SampleBlock> blocks, List<double>? rates = null)
    {
        var samples = new List<(double, float)>();
        foreach (SampleBlock block in blocks)
        {
            rates?.Add(block.SampleRateHz);
            for (int i = 0; i < block.Count; i++)
            {
                samples.Add((block.Time[i], block.X[i]));
            }
        }

        return samples;
    }

    [Fact]
    public void Resample_100HzTo12Point5_AveragesEachEightyMilliseconds()
    {
        var rates = new List<double>();
        List<(double T, float X)> samples = Collect(Resampler.Resample(Ramp(100, 10), 12.5, blockSize: 16), rates);

        Assert.Equal(125, samples.Count);
        Assert.All(rates, r => Assert.Equal(12.5, r));
        // The first 80 ms hold the samples at 0, 0.01, ..., 0.07: their mean time and value is 0.035.
        Assert.Equal(0.035, samples[0].T, 1e-9);
        Assert.Equal(0.035, samples[0].X, 1e-6);
        Assert.All(samples.Zip(samples.Skip(1)), p => Assert.Equal(0.08, p.Second.T - p.First.T, 1e-6));
    }

    [Fact]
    public void Resample_RecordingWithAGap_LeavesTheGapEmpty()
    {
        List<(double T, float X)> samples = Collect(Resampler.Resample(Ramp(100, 10, skip: (4.0, 6.0)), 12.5));

        Assert.Equal(100, samples.Count);
        Assert.Contains(samples.Zip(samples.Skip(1)), p => p.Second.T - p.First.T > 1.9);
    }

    [Fact]
    public void Resample_SlowerRecording_KeepsItsSamplesAndRate()
    {
        var rates = new List<double>();
        List<(double T, float X)> samples = Collect(Resampler.Resample(Ramp(10, 5), 12.5), rates);

        Assert.Equal(Collect(Ramp(10, 5)), samples);
        Assert.All(rates, r => Assert.Equal(10, r));
    }
}
