using System.CommandLine;
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
        var command = new Command("doctor", "Check the configuration and the configured store: for InfluxDB that it is reachable, that the credentials and database work, that a probe point (measurement loadsense_probe) can be written and read back, and the outbox's backlog. Exit 0 when all is well, 4 when the store has a problem, 3 for bad settings.\n\nExample: LOADSENSE_Store=influxdb loadsense doctor")
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

            checks.Add(new DoctorCheck("bluez", true, "not checked: this version reads recordings and the simulator, not BLE sensors"));
            Console.Write(InfluxDbDoctor.Format(checks));
            return checks.TrueForAll(c => c.Ok) ? CommandSupport.Ok : CommandSupport.StoreUnavailable;
        }));
        return command;
    }
}
