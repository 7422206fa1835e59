using System.CommandLine;
using System.Globalization;
using System.Text;
using LoadSense.Ble;
using LoadSense.Cli.Configuration;
using LoadSense.Protocol;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense scan [--seconds N]</c>: the supported sensors in range, and which of them are paired.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "How long to listen, in seconds (1 to 120).", DefaultValueFactory = _ => 10, HelpName = "N" };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("scan", "Discover nearby sensors LoadSense can record (LE discovery filtered on the LoadSense v1 and Polar PMD services) and list name, address, profile, signal strength and whether each is paired. Pair one with 'loadsense pair'.\n\nExample: loadsense scan --seconds 15")
        {
            seconds, database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            int listen = parse.GetValue(seconds);
            if (listen is < 1 or > 120)
            {
                throw new ArgumentException("--seconds must be 1 to 120.");
            }

            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            List<PairedSensor> paired = await PairedSensorsFile.ReadAsync(settings, cancellationToken);
            using BlueZAdapter adapter = await CommandSupport.ConnectAdapterAsync(settings, cancellationToken);
            await Console.Error.WriteLineAsync($"Scanning on {settings.Sensors.Adapter} for {listen} s...");
            await adapter.StartDiscoveryAsync(new BleDiscoveryFilter([.. DeviceProfiles.AdvertisedServices.Values]), cancellationToken);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(listen), TimeProvider.System, cancellationToken);
            }
            finally
            {
                try
                {
                    await adapter.StopDiscoveryAsync(CancellationToken.None);
                }
                catch (BleException)
                {
                    // Discovery already ended (bluetoothd restarted, adapter powered off): nothing to stop.
                }
            }

            IReadOnlyList<BleDeviceInfo> devices = await adapter.GetDevicesAsync(cancellationToken);
            Console.Write(Format(devices, paired));
            return CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The table: devices in range (with an RSSI) whose services name a supported profile. BlueZ
    /// merges the discovery filters of all its clients, so the profile is checked again here.
    /// </summary>
    public static string Format(IReadOnlyList<BleDeviceInfo> devices, IReadOnlyList<PairedSensor> paired)
    {
        var found = devices
            .Where(d => d.Rssi is not null)
            .Select(d => (Device: d, Profile: DeviceProfiles.Guess(d.ServiceUuids)))
            .Where(x => x.Profile is not null)
            .OrderByDescending(x => x.Device.Rssi)
            .ToList();
        if (found.Count == 0)
        {
            return "No supported sensor in range. Wake the sensor (move it) and scan again, perhaps longer with --seconds.\n";
        }

        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine("address            name                 profile       RSSI  paired");
        foreach ((BleDeviceInfo device, string? profile) in found)
        {
            PairedSensor? pairing = paired.FirstOrDefault(p => string.Equals(p.Address, device.Address, StringComparison.OrdinalIgnoreCase));
            string mark = pairing is null ? "no" : $"yes (patient {pairing.Patient}, {pairing.Placement.ToString().ToLowerInvariant()})";
            text.AppendLine(c, $"{device.Address,-18} {device.Name ?? "(no name)",-20} {profile,-13} {device.Rssi,4}  {mark}");
        }

        return text.ToString();
    }
}
