using System.CommandLine;
using LoadSense.Cli.Configuration;
using LoadSense.InfluxDb.Outbox;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense sync</c>: sends the InfluxDB outbox once, with retries, and says how much went.</summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var command = new Command("sync", "Send everything waiting in the InfluxDB outbox (Store=influxdb), with a gateway_outbox point recording how much waited, retrying connection errors, timeouts, 5xx and 429 with backoff; batches InfluxDB refuses for good become dead letters (see 'loadsense status'). Once the outbox is empty, the daily summaries that could not be recomputed while InfluxDB was unreachable are recomputed. Exit 0 when the outbox is empty afterwards, 4 when batches still wait.\n\nExample: LOADSENSE_Store=influxdb loadsense sync");
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, null);
            using ILoggerFactory loggers = logging;
            await using OutboxLoadStore store = await CommandSupport.OpenOutboxStoreAsync(settings, logging, cancellationToken);
            // The backlog as found, before draining: how much had piled up is what the Devices dashboard shows.
            await store.RecordBacklogAsync(settings.GatewayName, cancellationToken);
            DrainResult result = await store.Sender.DrainAsync(retry: true, cancellationToken);
            Console.WriteLine($"{OutboxSender.Describe(result)}.");
            if (result.DeadLettered > 0)
            {
                await Console.Error.WriteLineAsync($"loadsense: InfluxDB refused {result.DeadLettered} batches for good; they are kept as dead letters ('loadsense status' shows why).");
            }

            if (result.PendingBatches > 0)
            {
                await Console.Error.WriteLineAsync($"loadsense: {result.PendingBatches} batches still wait in {store.Outbox.Path}; nothing is lost. Last failure: {result.StoppedBecause}");
                return CommandSupport.StoreUnavailable;
            }

            // Everything arrived: the days whose summaries could not be recomputed while InfluxDB was away can be now.
            int days = await ResultRecorder.RecomputeDueDaysAsync(store, SettingsLoader.ResolveTimeZone(settings.TimeZone), settings.Scoring, cancellationToken);
            if (days > 0)
            {
                Console.WriteLine($"Recomputed {days} daily summaries left out of date while InfluxDB was unreachable.");
            }

            return CommandSupport.Ok;
        }));
        return command;
    }
}
