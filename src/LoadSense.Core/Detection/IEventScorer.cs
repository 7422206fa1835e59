namespace LoadSense.Core.Detection;

/// <summary>Gives an event its osteogenic load; lets detectors stay ignorant of the dose formula.</summary>
internal interface IEventScorer
{
    /// <summary>The load sᵐ of an impact with the given peak in g.</summary>
    float ImpactLoad(float peakG);

    /// <summary>The load of one resistance repetition.</summary>
    float LiftLoad { get; }
}
