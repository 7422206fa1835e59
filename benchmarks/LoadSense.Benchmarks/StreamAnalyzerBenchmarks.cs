using BenchmarkDotNet.Attributes;
using LoadSense.Core;
using LoadSense.Core.Detection;
using LoadSense.Core.Dsp;
using LoadSense.Core.Scoring;
using LoadSense.Core.Simulation;

namespace LoadSense.Benchmarks;

/// <summary>
/// The whole analysis of one stream (filters, three detectors, scoring, minutes) over ten
/// simulated minutes at 100 Hz, in blocks as a file or sensor delivers them. Reported per
/// operation; divide by <see cref="SamplesPerOperation"/> for ns per three-axis sample. The
/// baseline is the floor of any such analysis: the resultant magnitude and one 4th-order
/// Butterworth band-pass over it, so the ratio says what the detectors, scoring and minutes add.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class StreamAnalyzerBenchmarks
{
    public const int SamplesPerOperation = 60_000;

    private readonly List<SampleBlock> _blocks = [];
    private readonly AnalysisOutput _output = new();
    private StreamAnalyzer _analyzer = null!;
    private SosFilter _band = null!;
    private float[] _magnitude = [];
    private float[] _filtered = [];

    [Params(32, 256)]
    public int BlockSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const double start = 1_789_999_980;
        var simulator = new WearableSimulator("bench", Placement.Hip, 100, seed: 1, BlockSize);
        ActivitySegment[] plan =
        [
            new(start, SimulatedActivity.Walk, 240),
            new(start + 240, SimulatedActivity.Jumps, 60, Count: 12),
            new(start + 300, SimulatedActivity.LiftSet, 60, Count: 10),
            new(start + 360, SimulatedActivity.Rest, 240),
        ];
        foreach (SampleBlock block in simulator.Generate(plan))
        {
            var copy = new SampleBlock("bench", block.Count) { SampleRateHz = block.SampleRateHz };
            for (int i = 0; i < block.Count; i++)
            {
                copy.Add(block.Time[i], block.X[i], block.Y[i], block.Z[i]);
            }

            _blocks.Add(copy);
        }

        _analyzer = new StreamAnalyzer(Placement.Hip, new AnalyzerOptions(), new ScoringOptions());
        _band = new SosFilter(ButterworthDesign.BandPass(4, 0.5, 4, 100));
        _magnitude = new float[BlockSize];
        _filtered = new float[BlockSize];
    }

    /// <summary>Ten minutes of data through the magnitude and one band-pass: the least an analysis costs.</summary>
    [Benchmark(Baseline = true)]
    public float MagnitudeAndOneFilter()
    {
        float last = 0;
        foreach (SampleBlock block in _blocks)
        {
            Span<float> magnitude = _magnitude.AsSpan(0, block.Count);
            for (int i = 0; i < magnitude.Length; i++)
            {
                float x = block.X[i], y = block.Y[i], z = block.Z[i];
                magnitude[i] = MathF.Sqrt((x * x) + (y * y) + (z * z));
            }

            _band.Process(magnitude, _filtered.AsSpan(0, block.Count));
            last = _filtered[block.Count - 1];
        }

        return last;
    }

    /// <summary>Ten minutes of data through the analyzer. The stream restarts each operation (a gap), as it would after a reconnect.</summary>
    [Benchmark]
    public int AnalyzeTenMinutes()
    {
        int events = 0;
        foreach (SampleBlock block in _blocks)
        {
            _analyzer.Process(block, _output);
            events += _output.Events.Count;
            _output.Clear();
        }

        return events;
    }
}
