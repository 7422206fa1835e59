using LoadSense.Core.Detection;

namespace LoadSense.Core.Scoring;

/// <summary>Per-event load sᵐ with s the event's peak in g (Carter/Whalen daily stress stimulus).</summary>
internal sealed class EventScorer : IEventScorer
{
    private readonly double _exponent;

    public EventScorer(ScoringOptions options)
    {
        _exponent = options.StressExponent;
        LiftLoad = (float)Math.Pow(options.LiftEquivalentG, _exponent);
    }

    public float LiftLoad { get; }

    public float ImpactLoad(float peakG) => (float)Math.Pow(Math.Max(peakG, 0f), _exponent);
}
