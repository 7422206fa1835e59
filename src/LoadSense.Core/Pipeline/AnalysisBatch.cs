using LoadSense.Core.Scoring;

namespace LoadSense.Core.Pipeline;

/// <summary>What one stream's analysis produced from one or more blocks; owned by the receiver.</summary>
/// <param name="DeviceId">The stream.</param>
/// <param name="Placement">Where the stream's sensor is worn.</param>
/// <param name="Events">Events in time order.</param>
/// <param name="Minutes">Minutes that closed, in time order.</param>
public sealed record AnalysisBatch(
    string DeviceId,
    Placement Placement,
    IReadOnlyList<LoadEvent> Events,
    IReadOnlyList<MinuteAggregate> Minutes)
{
    /// <summary>Events announced before they could be decided, and what became of them (for live displays; stores use <see cref="Events"/>).</summary>
    public IReadOnlyList<ProvisionalEvent> ProvisionalEvents { get; init; } = [];
}
