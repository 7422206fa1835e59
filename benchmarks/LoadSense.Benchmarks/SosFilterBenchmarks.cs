using BenchmarkDotNet.Attributes;
using LoadSense.Core.Dsp;
using NWaves.Filters.Base;
using NWaves.Filters.Butterworth;

namespace LoadSense.Benchmarks;

/// <summary>The 4th-order low-pass of the impact channel over a block: our second-order sections over spans against NWaves' per-sample online filter.</summary>
[MemoryDiagnoser]
public class SosFilterBenchmarks
{
    private readonly float[] _input = new float[4096];
    private readonly float[] _output = new float[4096];
    private SosFilter _sections = null!;
    private FilterChain _nwaves = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = 1f + (float)(0.3 * Math.Sin(i * 0.1)) + (float)(0.05 * random.NextDouble());
        }

        _sections = new SosFilter(ButterworthDesign.LowPass(4, 20, 100));
        _nwaves = new FilterChain(NWaves.Filters.Fda.DesignFilter.TfToSos(new LowPassFilter(0.2, 4).Tf));
    }

    [Benchmark(Baseline = true)]
    public void NWavesOnlineFilter()
    {
        for (int i = 0; i < _input.Length; i++)
        {
            _output[i] = _nwaves.Process(_input[i]);
        }
    }

    [Benchmark]
    public void SecondOrderSectionsOverSpan() => _sections.Process(_input, _output);
}
