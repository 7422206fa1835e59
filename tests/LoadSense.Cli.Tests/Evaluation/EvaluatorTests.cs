using LoadSense.Cli.Evaluation;

namespace LoadSense.Cli.Tests.Evaluation;

public class EvaluatorTests
{
    [Fact]
    public void Match_EventsWithinTolerance_PairOneToOne()
    {
        double[] truth = [1.0, 2.0, 3.0, 4.0];
        double[] detected = [0.75, 1.1, 2.29, 3.31, 3.9, 3.95];

        // 0.75 and 1.1 compete for 1.0 (one wins), 2.29 matches 2.0, 3.31 is 0.31 late, 3.9 matches 4.0.
        Assert.Equal(3, Evaluator.Match(detected, truth));
    }

    [Fact]
    public void Match_NoEvents_MatchesNothing()
    {
        Assert.Equal(0, Evaluator.Match([], [1.0, 2.0]));
        Assert.Equal(0, Evaluator.Match([1.0], []));
    }
}
