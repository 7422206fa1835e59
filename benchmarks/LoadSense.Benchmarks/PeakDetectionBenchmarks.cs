using BenchmarkDotNet.Attributes;
using LoadSense.Core;
using LoadSense.Core.Detection;
using LoadSense.Core.Dsp;
using LoadSense.Core.Scoring;
using LoadSense.Core.Simulation;

namespace LoadSense.Benchmarks;

/// <summary>
/// Peak detection over ten simulated minutes of walking at 100 Hz (60 000 samples of the
/// step band, filtered once in setup): the step detector (adaptive threshold per lobe,
/// pairing, gait gates) in the analyzer's quarter-second chunks, against the plain way of
/// finding peaks, local maxima above a height at least a refractory distance apart (what
/// scipy.signal.find_peaks with height and distance returns), as the baseline.
/// </summary>
[MemoryDiagnoser]
public class PeakDetectionBenchmarks
{
    public const int SamplesPerOperation = 60_000;

    private const double RateHz = 100;
    private const int ChunkSamples = 25;

    private readonly double[] _time = new double[SamplesPerOperation];
    private readonly float[] _band = new float[SamplesPerOperation];
    private readonly float[] _impact = new float[SamplesPerOperation];
    private readonly List<LoadEvent> _events = new(2048);
    private readonly List<ProvisionalEvent> _announced = new(256);
    private readonly AnalyzerOptions _options = new();
    private int[] _peaks = [];
    private StepDetector _steps = null!;
    private JumpDetector _jumps = null!;
    private EventScorer _scorer = null!;

    [GlobalSetup]
    public void Setup()
    {
        const double start = 1_789_999_980;
        var simulator = new WearableSimulator("bench", Placement.Hip, RateHz, seed: 1, blockSize: 4096);
        float[] magnitude = new float[SamplesPerOperation];
        int n = 0;
        foreach (SampleBlock block in simulator.Generate([new ActivitySegment(start, SimulatedActivity.Walk, SamplesPerOperation / RateHz)]))
        {
            for (int i = 0; i < block.Count; i++, n++)
            {
                _time[n] = block.Time[i];
                magnitude[n] = MathF.Sqrt((block.X[i] * block.X[i]) + (block.Y[i] * block.Y[i]) + (block.Z[i] * block.Z[i]));
            }
        }

        // The analyzer's step band (StreamAnalyzer.Design): 4 Hz low-pass, then 0.5 Hz high-pass.
        float[] lowPassed = new float[SamplesPerOperation];
        var low = new SosFilter(ButterworthDesign.LowPass(4, _options.StepHighCutoffHz, RateHz));
        var high = new SosFilter(ButterworthDesign.HighPass(2, _options.StepLowCutoffHz, RateHz));
        var impact = new SosFilter(ButterworthDesign.LowPass(4, _options.ImpactCutoffHz, RateHz));
        low.Reset(magnitude[0]);
        high.Reset(magnitude[0]);
        impact.Reset(magnitude[0]);
        low.Process(magnitude, lowPassed);
        high.Process(lowPassed, _band);
        impact.Process(magnitude, _impact);

        _peaks = new int[SamplesPerOperation];
        _scorer = new EventScorer(new ScoringOptions());
        _jumps = new JumpDetector(_options, Placement.Hip, _announced);
        _jumps.Configure(RateHz);
        _steps = new StepDetector(_options, _announced);
    }

    /// <summary>Local maxima of at least the smallest step amplitude, at least the shortest step interval apart (the higher one wins).</summary>
    [Benchmark(Baseline = true)]
    public int LocalMaximaWithRefractoryDistance()
    {
        float height = (float)_options.StepMinAmplitudeG;
        int distance = (int)(_options.StepMinIntervalS * RateHz);
        int count = 0;
        for (int i = 1; i < _band.Length - 1; i++)
        {
            float v = _band[i];
            if (v < height || v <= _band[i - 1] || v < _band[i + 1])
            {
                continue;
            }

            if (count > 0 && i - _peaks[count - 1] < distance)
            {
                if (v > _band[_peaks[count - 1]])
                {
                    _peaks[count - 1] = i;
                }

                continue;
            }

            _peaks[count++] = i;
        }

        return count;
    }

    /// <summary>The step detector as the analyzer runs it, in quarter-second chunks; returns the steps found.</summary>
    [Benchmark]
    public int StepDetector()
    {
        _events.Clear();
        _steps.Reset();
        for (int c = 0; c < SamplesPerOperation; c += ChunkSamples)
        {
            _steps.Process(_time.AsSpan(c, ChunkSamples), _band.AsSpan(c, ChunkSamples), _impact.AsSpan(c, ChunkSamples), _jumps, _scorer, _events);
            _announced.Clear();
        }

        _steps.Flush(_jumps, _scorer, _events);
        return _events.Count;
    }
}
