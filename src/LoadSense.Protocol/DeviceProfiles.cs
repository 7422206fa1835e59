using LoadSense.Protocol.LoadSenseV1;
using LoadSense.Protocol.PolarPmd;

namespace LoadSense.Protocol;

/// <summary>The device profiles LoadSense knows.</summary>
public static class DeviceProfiles
{
    /// <summary>The names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [LoadSenseV1Profile.ProfileName, PolarPmdProfile.ProfileName];

    /// <summary>
    /// LoadSense's own firmware (firmware-protocol/SPEC.md). Streaming starts at
    /// <paramref name="sampleRateHz"/> (0.1 Hz steps, 0.1 to 6553.5) and ±<paramref name="rangeG"/> g (1 to 255).
    /// </summary>
    public static IDeviceProfile LoadSenseV1(double sampleRateHz = 104, int rangeG = 8) => new LoadSenseV1Profile(sampleRateHz, rangeG);

    /// <summary>
    /// Polar Measurement Data, accelerometer (H10, Verity Sense, OH1). <paramref name="sampleRateHz"/>
    /// (1 to 65535) and <paramref name="rangeG"/> go into the start command; <paramref name="factor"/> is the
    /// factor the device reported in its settings (1 when it reported none).
    /// </summary>
    public static IDeviceProfile PolarPmd(int sampleRateHz = 200, int rangeG = 8, float factor = 1f) => new PolarPmdProfile(sampleRateHz, rangeG, factor);

    /// <summary>
    /// A profile by name (<see cref="Names"/>), at <paramref name="sampleRateHz"/> or the profile's
    /// default (LoadSense v1 at 104 Hz, ±8 g; Polar PMD as an H10, 200 Hz, ±8 g);
    /// <paramref name="factor"/> applies to Polar PMD only.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a known profile.</exception>
    public static IDeviceProfile Create(string name, int? sampleRateHz = null, float factor = 1f) => name switch
    {
        LoadSenseV1Profile.ProfileName => sampleRateHz is { } rate ? LoadSenseV1(rate) : LoadSenseV1(),
        PolarPmdProfile.ProfileName => sampleRateHz is { } rate ? PolarPmd(rate, factor: factor) : PolarPmd(factor: factor),
        _ => throw new ArgumentException($"Unknown device profile '{name}': use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The service UUID each profile's sensors advertise, by profile name: the discovery filter of a scan.</summary>
    public static IReadOnlyDictionary<string, Guid> AdvertisedServices { get; } = new Dictionary<string, Guid>(StringComparer.Ordinal)
    {
        [LoadSenseV1Profile.ProfileName] = LoadSenseV1Profile.Service,
        [PolarPmdProfile.ProfileName] = PolarPmdProfile.Service,
    };

    /// <summary>The profile whose service is among <paramref name="serviceUuids"/> (advertised or offered), or null when none is.</summary>
    public static string? Guess(IEnumerable<Guid> serviceUuids)
    {
        ArgumentNullException.ThrowIfNull(serviceUuids);
        foreach (Guid uuid in serviceUuids)
        {
            foreach ((string name, Guid service) in AdvertisedServices)
            {
                if (uuid == service)
                {
                    return name;
                }
            }
        }

        return null;
    }
}
