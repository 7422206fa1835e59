using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;
using LoadSense.Core.Simulation;

namespace LoadSense.Core.Tests.Detection;

public class StreamAnalyzerAllocationTests
{
    [Fact]
    public void Process_SteadyState_AllocatesNothingPerBlock()
    {
        // Walking with steps in every block, inside one minute (closing a minute allocates its record).
        const double start = 1_789_999_980;
        var simulator = new WearableSimulator("alloc", Placement.Hip, 100, seed: 2, blockSize: 25);
        var blocks = new List<SampleBlock>();
        foreach (SampleBlock block in simulator.Generate([new ActivitySegment(start, SimulatedActivity.Walk, 25), new ActivitySegment(start + 25, SimulatedActivity.Jumps, 15, Count: 3), new ActivitySegment(start + 40, SimulatedActivity.LiftSet, 19, Count: 5)]))
        {
            var copy = new SampleBlock("alloc", block.Count) { SampleRateHz = block.SampleRateHz };
            for (int i = 0; i < block.Count; i++)
            {
                copy.Add(block.Time[i], block.X[i], block.Y[i], block.Z[i]);
            }

            blocks.Add(copy);
        }

        var analyzer = new StreamAnalyzer(Placement.Hip, new AnalyzerOptions(), new ScoringOptions());
        var output = new AnalysisOutput();
        int warmup = blocks.Count / 3;
        for (int b = 0; b < warmup; b++)
        {
            analyzer.Process(blocks[b], output);
            output.Clear();
        }

        int events = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = warmup; b < blocks.Count; b++)
        {
            analyzer.Process(blocks[b], output);
            events += output.Events.Count;
            output.Clear();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(events > 10, $"only {events} events: the window should hold steps, jumps and reps");
        Assert.Equal(0, allocated);
    }
}
