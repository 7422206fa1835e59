using LoadSense.Core.Scoring;

namespace LoadSense.Core.Detection;

/// <summary>What the analyzer produced since the output was last cleared; reused block after block.</summary>
public sealed class AnalysisOutput
{
    private readonly List<LoadEvent> _events = new(64);
    private readonly List<MinuteAggregate> _minutes = new(4);
    private readonly List<ProvisionalRep> _provisionalReps = new(8);

    /// <summary>Events in the order they were found.</summary>
    public IReadOnlyList<LoadEvent> Events => _events;

    /// <summary>Minutes that were closed.</summary>
    public IReadOnlyList<MinuteAggregate> Minutes => _minutes;

    /// <summary>Repetitions announced before their set was confirmed, and what became of them, in the order that happened.</summary>
    public IReadOnlyList<ProvisionalRep> ProvisionalReps => _provisionalReps;

    /// <summary>Whether nothing was produced.</summary>
    public bool IsEmpty => _events.Count == 0 && _minutes.Count == 0 && _provisionalReps.Count == 0;

    internal List<LoadEvent> EventList => _events;

    internal List<MinuteAggregate> MinuteList => _minutes;

    internal List<ProvisionalRep> ProvisionalRepList => _provisionalReps;

    /// <summary>Empties the output for the next block.</summary>
    public void Clear()
    {
        _events.Clear();
        _minutes.Clear();
        _provisionalReps.Clear();
    }
}
