using BenchmarkDotNet.Attributes;
using LoadSense.Core;
using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;
using LoadSense.Core.Simulation;

namespace LoadSense.Benchmarks;

/// <summary>
/// The whole analysis of one stream (filters, three detectors, scoring, minutes) over ten
/// simulated minutes at 100 Hz, in blocks as a file or sensor delivers them. Reported per
/// operation; divide by <see cref="SamplesPerOperation"/> for ns per three-axis sample.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class StreamAnalyzerBenchmarks
{
    public const int SamplesPerOperation = 60_000;

    private readonly List<SampleBlock> _blocks = [];
    private readonly AnalysisOutput _output = new();
    private StreamAnalyzer _analyzer = null!;

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
