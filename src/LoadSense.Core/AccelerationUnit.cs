namespace LoadSense.Core;

/// <summary>
/// The unit a recording stores acceleration in. Everything inside LoadSense works in g
/// (1 g = 9.80665 m/s², standard gravity); readers convert on the way in.
/// </summary>
public enum AccelerationUnit
{
    /// <summary>Multiples of standard gravity; a device at rest reads a magnitude of about 1.</summary>
    G,

    /// <summary>Metres per second squared; a device at rest reads about 9.81. Divided by 9.80665 to get g.</summary>
    MetersPerSecondSquared,
}
