namespace LoadSense.Core;

/// <summary>Where the sensor is worn; detectors and impact bands differ per placement.</summary>
public enum Placement
{
    /// <summary>On the wrist (a watch or band).</summary>
    Wrist,

    /// <summary>On the hip or waist (a clip or belt).</summary>
    Hip,

    /// <summary>A phone or an unknown placement (hand, pocket, bag).</summary>
    Other,
}
