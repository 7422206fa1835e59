using System.CommandLine;
using System.Globalization;
using System.Text;
using LoadSense.Cli.Configuration;
using LoadSense.Cli.Service;
using LoadSense.Storage.Outbox;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense status</c>: the configured store, the outbox backlog and its dead letters.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show where results go, the recording service's devices (state, last sample, loss rate, battery; from its state file) and, with Store=influxdb, the outbox: batches and points waiting, the oldest, the last failure, the dead letters (batches InfluxDB refused for good, with its message) and the days whose summaries wait for InfluxDB. Reads only the local outbox file.\n\nExample: loadsense status");
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, null);
            using ILoggerFactory loggers = logging;
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"store:        {settings.Store.ToLowerInvariant()}, {CommandSupport.StoreDescription(settings)}");
            if (!settings.UsesInfluxDb)
            {
                text.AppendLine("outbox:       none (the SQLite store writes directly)");
                Console.Write(text.ToString());
                Console.Write(FormatService(await ServiceStateFile.ReadAsync(ServiceStateFile.PathOf(settings), cancellationToken), TimeProvider.System.GetUtcNow()));
                return CommandSupport.Ok;
            }

            await using SqliteOutbox outbox = await SqliteOutbox.OpenAsync(settings.Outbox, TimeProvider.System, logging.CreateLogger<SqliteOutbox>(), cancellationToken);
            OutboxStatus status = await outbox.GetStatusAsync(cancellationToken);
            IReadOnlyList<DeadLetter> dead = await outbox.ReadDeadLettersAsync(5, cancellationToken);
            Console.Write(Format(text, status, dead, settings.Outbox.WarnFraction, TimeProvider.System.GetUtcNow()));
            Console.Write(FormatDueDays(await outbox.ReadDaysDueAsync(cancellationToken)));
            Console.Write(FormatService(await ServiceStateFile.ReadAsync(ServiceStateFile.PathOf(settings), cancellationToken), TimeProvider.System.GetUtcNow()));
            return CommandSupport.Ok;
        }));
        return command;
    }

    /// <summary>The lines on the recording service, from its state file (<c>loadsense run</c>); null when it never ran here.</summary>
    public static string FormatService(ServiceStatus? service, DateTimeOffset now)
    {
        if (service is null)
        {
            return "service:      never ran against this store (start it with 'loadsense run')\n";
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"service:      {(service.Running ? "running" : "stopped")}, state written {service.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({(now - service.UpdatedAt).TotalSeconds:0} s ago)");
        foreach (DeviceStatus d in service.Devices)
        {
            string last = d.LastSample is { } t ? $"{t.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({(now - t).TotalSeconds:0} s ago)" : "none yet";
            string loss = d.LossRate is { } rate ? rate.ToString("0.0%", c) : "n/a";
            text.AppendLine(c, $"  {d.Device,-18} {d.Source,-9} {d.Placement,-5} patient {d.Patient,-10} {d.State,-12} last sample {last}, {d.Samples} samples, {d.Gaps} gaps, loss {loss} ({d.LostFrames} frames), {d.MalformedFrames} malformed, {d.Reconnects} reconnects, battery {new Reading(d.BatteryPercent, "%")}");
        }

        return text.ToString();
    }

    /// <summary>The line on daily summaries left out of date while InfluxDB was unreachable.</summary>
    public static string FormatDueDays(IReadOnlyDictionary<string, IReadOnlyList<DateOnly>> due)
    {
        if (due.Count == 0)
        {
            return "due days:     none\n";
        }

        string which = string.Join("; ", due.Select(p => $"{p.Key}: {string.Join(", ", p.Value.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}"));
        return string.Create(CultureInfo.InvariantCulture, $"due days:     {due.Values.Sum(d => d.Count)} daily summaries out of date ({which}); 'loadsense sync' recomputes them once InfluxDB is reachable\n");
    }

    /// <summary>The status lines after the store line.</summary>
    public static string Format(StringBuilder text, OutboxStatus status, IReadOnlyList<DeadLetter> dead, double warnFraction, DateTimeOffset now)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        double fill = (double)status.PendingPoints / status.MaxPoints;
        text.AppendLine(c, $"backlog:      {status.PendingBatches} batches, {status.PendingPoints} points ({fill:P1} of Outbox:MaxPoints {status.MaxPoints})");
        if (status.OldestPending is { } oldest)
        {
            text.AppendLine(c, $"oldest:       {oldest:yyyy-MM-dd HH:mm:ss}Z ({(now - oldest).TotalMinutes:0} min ago)");
        }

        if (status.LastError is { } error)
        {
            text.AppendLine(c, $"last failure: {error}");
        }

        if (fill >= warnFraction)
        {
            text.AppendLine("WARNING:      the outbox is nearly full; at the cap new results are refused. Make InfluxDB reachable and run 'loadsense sync'.");
        }

        text.AppendLine(c, $"dead letters: {status.DeadBatches} batches, {status.DeadPoints} points");
        foreach (DeadLetter letter in dead)
        {
            text.AppendLine(c, $"  #{letter.Id} {letter.FailedAt:yyyy-MM-dd HH:mm:ss}Z, {letter.Points} points, HTTP {letter.Status}: {letter.Message}");
        }

        return text.ToString();
    }
}
