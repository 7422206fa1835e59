using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using LoadSense.Core;
using LoadSense.Protocol;

namespace LoadSense.Cli.Configuration;

/// <summary>One sensor the user paired: the only kind of sensor the service will ever connect (an allow-list).</summary>
/// <param name="Address">Bluetooth address, upper case, XX:XX:XX:XX:XX:XX.</param>
/// <param name="Patient">The patient whose data it records.</param>
/// <param name="Placement">Where it is worn.</param>
/// <param name="Profile">The device profile that decodes it (<see cref="DeviceProfiles.Names"/>).</param>
internal sealed record PairedSensor(string Address, string Patient, Placement Placement, string Profile);

/// <summary>
/// The paired sensors, one JSON file next to the SQLite file (<c>&lt;dir of Sqlite:Path&gt;/sensors.json</c>).
/// No file means no sensor is paired.
/// </summary>
internal static partial class PairedSensorsFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter<Placement>(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The file of paired sensors.</summary>
    public static string PathOf(LoadSenseSettings settings)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(settings.Sqlite.Path)) ?? ".";
        return Path.Combine(directory, "sensors.json");
    }

    /// <summary>The address in canonical form (upper case), or an exception saying what a valid one looks like.</summary>
    /// <exception cref="ArgumentException">Not six colon-separated pairs of hex digits.</exception>
    public static string NormalizeAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return AddressPattern().IsMatch(address)
            ? address.ToUpperInvariant()
            : throw new ArgumentException($"'{address}' is not a Bluetooth address: expected six pairs of hex digits separated by colons, like 00:1A:7D:DA:71:13.");
    }

    /// <summary>The paired sensors, in the order they were paired.</summary>
    /// <exception cref="SettingsException">The file is not a valid sensors file.</exception>
    public static async Task<List<PairedSensor>> ReadAsync(LoadSenseSettings settings, CancellationToken cancellationToken)
    {
        string path = PathOf(settings);
        if (!File.Exists(path))
        {
            return [];
        }

        List<PairedSensor>? sensors;
        try
        {
            await using FileStream file = File.OpenRead(path);
            sensors = await JsonSerializer.DeserializeAsync<List<PairedSensor>>(file, Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new SettingsException($"{path} is not a valid sensors file: {ex.Message} Fix it or delete it and pair again.");
        }

        if (sensors is null)
        {
            throw new SettingsException($"{path} is empty; delete it and pair again.");
        }

        foreach (PairedSensor sensor in sensors)
        {
            if (sensor.Address is null || !AddressPattern().IsMatch(sensor.Address) || string.IsNullOrWhiteSpace(sensor.Patient) || !DeviceProfiles.Names.Contains(sensor.Profile))
            {
                throw new SettingsException($"{path} holds an invalid sensor entry ({sensor.Address}); fix it or delete it and pair again.");
            }
        }

        return sensors;
    }

    /// <summary>Writes the paired sensors, creating the directory; a reader never sees half a file.</summary>
    public static async Task<string> WriteAsync(LoadSenseSettings settings, IReadOnlyList<PairedSensor> sensors, CancellationToken cancellationToken)
    {
        string path = PathOf(settings);
        await JsonFile.WriteAsync(path, sensors, Json, cancellationToken);
        return path;
    }

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
    private static partial Regex AddressPattern();
}
