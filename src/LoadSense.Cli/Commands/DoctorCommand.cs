using System.CommandLine;
using LoadSense.Ble;
using LoadSense.Cli.Configuration;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb;
using LoadSense.Storage.Outbox;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense doctor</c>: checks the settings, the configured store and the outbox, and says precisely what is wrong.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("doctor", "Check the configuration and the configured store: for InfluxDB that it is reachable, that the credentials and database work, that a probe point (measurement loadsense_probe) can be written and read back, and the outbox's backlog; and BlueZ: the system bus, the adapter powered, every paired sensor known to bluetoothd (required only when a sensor is paired). Exit 0 when all is well, 4 when the store has a problem, 3 for bad settings.\n\nExample: LOADSENSE_Store=influxdb loadsense doctor")
        {
            database,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            var checks = new List<DoctorCheck>
            {
                new("settings", true, $"valid; store {settings.Store.ToLowerInvariant()}, time zone {SettingsLoader.ResolveTimeZone(settings.TimeZone).Id}"),
            };
            if (settings.UsesInfluxDb)
            {
                checks.AddRange(await InfluxDbDoctor.CheckAsync(settings.InfluxDb, TimeProvider.System, cancellationToken));
                await using SqliteOutbox outbox = await SqliteOutbox.OpenAsync(settings.Outbox, TimeProvider.System, logging.CreateLogger<SqliteOutbox>(), cancellationToken);
                OutboxStatus status = await outbox.GetStatusAsync(cancellationToken);
                bool nearlyFull = status.PendingPoints >= settings.Outbox.WarnFraction * status.MaxPoints;
                checks.Add(new DoctorCheck(
                    "outbox",
                    !nearlyFull,
                    $"{outbox.Path}: {status.PendingBatches} batches ({status.PendingPoints} points) waiting of at most {status.MaxPoints} points, {status.DeadBatches} dead letters{(nearlyFull ? "; nearly full: run 'loadsense sync'" : "")}"));
            }
            else
            {
                await using ILoadStore store = await CommandSupport.OpenStoreAsync(settings, logging, cancellationToken);
                checks.Add(new DoctorCheck("sqlite", true, $"{settings.Sqlite.Path} opens as a LoadSense database"));
            }

            checks.Add(await CheckBluezAsync(settings, cancellationToken));
            Console.Write(InfluxDbDoctor.Format(checks));
            return checks.TrueForAll(c => c.Ok) ? CommandSupport.Ok : CommandSupport.StoreUnavailable;
        }));
        return command;
    }

    /// <summary>
    /// BlueZ is needed only for paired sensors: then the system bus, the adapter (powered) and every
    /// paired sensor known to bluetoothd must be there; with none paired, BlueZ is reported but not required.
    /// </summary>
    private static async Task<DoctorCheck> CheckBluezAsync(LoadSenseSettings settings, CancellationToken cancellationToken)
    {
        List<PairedSensor> paired = await PairedSensorsFile.ReadAsync(settings, cancellationToken);
        bool required = paired.Count > 0;
        string adapterName = settings.Sensors.Adapter;
        string unpaired = required ? "" : "; not needed while no sensor is paired";
        try
        {
            using BlueZAdapter adapter = await CommandSupport.ConnectAdapterAsync(settings, cancellationToken);
            if (await adapter.GetAdapterInfoAsync(cancellationToken) is not { } info)
            {
                return new DoctorCheck("bluez", !required, $"bluetoothd has no adapter {adapterName} (is a Bluetooth controller attached? 'bluetoothctl list'; Sensors:Adapter chooses another){unpaired}");
            }

            if (!info.Powered)
            {
                return new DoctorCheck("bluez", !required, $"adapter {adapterName} ({info.Address}) is powered off: 'bluetoothctl power on'{unpaired}");
            }

            HashSet<string> known = [.. (await adapter.GetDevicesAsync(cancellationToken)).Select(d => d.Address)];
            string[] missing = [.. paired.Where(p => !known.Contains(p.Address)).Select(p => p.Address)];
            return missing.Length == 0
                ? new DoctorCheck("bluez", true, $"adapter {adapterName} ({info.Address}) powered; {paired.Count} paired {(paired.Count == 1 ? "sensor" : "sensors")}, all known to bluetoothd")
                : new DoctorCheck("bluez", false, $"adapter {adapterName} ({info.Address}) powered; not known to bluetoothd: {string.Join(", ", missing)} (bring the sensor in range and run 'loadsense scan')");
        }
        catch (BleException ex)
        {
            return new DoctorCheck("bluez", !required, ex.Message + unpaired);
        }
    }
}
