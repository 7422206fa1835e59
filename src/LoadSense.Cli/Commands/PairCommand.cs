using System.CommandLine;
using System.Globalization;
using System.Text;
using LoadSense.Cli.Configuration;
using LoadSense.Core;
using LoadSense.Protocol;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense pair|devices|unpair</c>: the allow-list of sensors the service connects.</summary>
internal static class PairCommand
{
    /// <summary><c>loadsense pair ADDRESS --patient ID --placement wrist|hip [--profile NAME]</c>.</summary>
    public static Command CreatePair()
    {
        var address = new Argument<string>("ADDRESS") { Description = "The sensor's Bluetooth address, XX:XX:XX:XX:XX:XX." };
        var patient = new Option<string>("--patient") { Description = "The patient who wears the sensor.", Required = true, HelpName = "ID" };
        var placement = new Option<string>("--placement") { Description = "Where the sensor is worn: wrist or hip.", Required = true, HelpName = "wrist|hip" };
        var profile = new Option<string>("--profile")
        {
            Description = $"The sensor's device profile: {string.Join(" or ", DeviceProfiles.Names)}.",
            DefaultValueFactory = _ => DeviceProfiles.Names[0],
            HelpName = "NAME",
        };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("pair", "Remember a sensor for a patient. Only paired sensors are ever connected by 'loadsense run', which picks up a change within seconds while it runs; pairing the same address again replaces its entry.\n\nExample: loadsense pair 00:1A:7D:DA:71:13 --patient p01 --placement wrist")
        {
            address, patient, placement, profile, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            string canonical = PairedSensorsFile.NormalizeAddress(parse.GetValue(address)!);
            string patientId = parse.GetValue(patient)!;
            if (string.IsNullOrWhiteSpace(patientId))
            {
                throw new ArgumentException("--patient must not be empty.");
            }

            Placement where = parse.GetValue(placement)!.ToUpperInvariant() switch
            {
                "WRIST" => Placement.Wrist,
                "HIP" => Placement.Hip,
                _ => throw new ArgumentException($"--placement '{parse.GetValue(placement)}' is not wrist or hip."),
            };
            string profileName = parse.GetValue(profile)!;
            if (!DeviceProfiles.Names.Contains(profileName))
            {
                throw new ArgumentException($"--profile '{profileName}' is unknown: use one of {string.Join(", ", DeviceProfiles.Names)}.");
            }

            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            List<PairedSensor> sensors = await PairedSensorsFile.ReadAsync(settings, cancellationToken);
            sensors.RemoveAll(s => s.Address == canonical);
            sensors.Add(new PairedSensor(canonical, patientId, where, profileName));
            string path = await PairedSensorsFile.WriteAsync(settings, sensors, cancellationToken);
            await Console.Error.WriteLineAsync($"Paired {canonical} ({profileName}, {where.ToString().ToLowerInvariant()}) with patient {patientId} in {path}.");
            return CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary><c>loadsense devices</c>.</summary>
    public static Command CreateDevices()
    {
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("devices", "List the paired sensors: address, patient, placement, profile.\n\nExample: loadsense devices") { database };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            List<PairedSensor> sensors = await PairedSensorsFile.ReadAsync(settings, cancellationToken);
            Console.Write(Format(sensors));
            return CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary><c>loadsense unpair ADDRESS</c>.</summary>
    public static Command CreateUnpair()
    {
        var address = new Argument<string>("ADDRESS") { Description = "The paired sensor's Bluetooth address." };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("unpair", "Forget a paired sensor; 'loadsense run' stops its session within seconds and no longer connects it. Its stored results stay.\n\nExample: loadsense unpair 00:1A:7D:DA:71:13")
        {
            address, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            string canonical = PairedSensorsFile.NormalizeAddress(parse.GetValue(address)!);
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            List<PairedSensor> sensors = await PairedSensorsFile.ReadAsync(settings, cancellationToken);
            if (sensors.RemoveAll(s => s.Address == canonical) == 0)
            {
                throw new ArgumentException($"{canonical} is not paired; 'loadsense devices' lists the paired sensors.");
            }

            string path = await PairedSensorsFile.WriteAsync(settings, sensors, cancellationToken);
            await Console.Error.WriteLineAsync($"Unpaired {canonical} in {path}.");
            return CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary>The table printed by <c>devices</c>.</summary>
    public static string Format(IReadOnlyList<PairedSensor> sensors)
    {
        if (sensors.Count == 0)
        {
            return "No paired sensors; add one with 'loadsense pair ADDRESS --patient ID --placement wrist|hip'.\n";
        }

        var text = new StringBuilder();
        text.AppendLine("address            patient          placement  profile");
        foreach (PairedSensor s in sensors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{s.Address,-18} {s.Patient,-16} {s.Placement.ToString().ToLowerInvariant(),-10} {s.Profile}");
        }

        return text.ToString();
    }
}
