using LoadSense.Core.Scoring;

namespace LoadSense.Core.Detection;

/// <summary>What the analyzer produced since the output was last cleared; reused block after block.</summary>
public sealed class AnalysisOutput
{
    private readonly List<LoadEvent> _events = new(64);
    private readonly List<MinuteAggregate> _minutes = new(4);
    private readonly List<ProvisionalEvent> _provisionalEvents = new(8);

    /// <summary>Events in the order they were found.</summary>
    public IReadOnlyList<LoadEvent> Events => _events;

    /// <summary>Minutes that were closed.</summary>
    public IReadOnlyList<MinuteAggregate> Minutes => _minutes;

    /// <summary>Events announced before they could be decided (a set's first repetitions, jumps from hard contacts), and what became of them, in the order that happened.</summary>
    public IReadOnlyList<ProvisionalEvent> ProvisionalEvents => _provisionalEvents;

    /// <summary>Whether nothing was produced.</summary>
    public bool IsEmpty => _events.Count == 0 && _minutes.Count == 0 && _provisionalEvents.Count == 0;

    internal List<LoadEvent> EventList => _events;

    internal List<MinuteAggregate> MinuteList => _minutes;

    internal List<ProvisionalEvent> ProvisionalEventList => _provisionalEvents;

    /// <summary>Empties the output for the next block.</summary>
    public void Clear()
    {
        _events.Clear();
        _minutes.Clear();
        _provisionalEvents.Clear();
    }
}
