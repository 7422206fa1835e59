using System.CommandLine;
using LoadSense.Ble;
using LoadSense.Cli.Configuration;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Http;
using LoadSense.InfluxDb.Outbox;
using LoadSense.Recordings;
using LoadSense.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace LoadSense.Cli.Commands;

/// <summary>What every command shares: exit codes, the store option, error reporting.</summary>
internal static class CommandSupport
{
    public const int Ok = 0;
    public const int BadInput = 2;
    public const int BadSettings = 3;
    public const int StoreUnavailable = 4;
    public const int BluetoothUnavailable = 5;

    public static Option<string?> DatabaseOption() => new("--db")
    {
        Description = "SQLite file to store results in (default: setting Sqlite:Path, else $XDG_DATA_HOME/loadsense/loadsense.db).",
        HelpName = "PATH",
    };

    public static Option<string> PatientOption(string defaultValue) => new("--patient")
    {
        Description = "The patient the data belongs to.",
        DefaultValueFactory = _ => defaultValue,
        HelpName = "ID",
    };

    /// <summary>Loads and validates the settings and creates the stderr logger they configure.</summary>
    public static (LoadSenseSettings Settings, ILoggerFactory Logging) LoadSettings(ParseResult parse, Option<string?>? database)
    {
        var overrides = new Dictionary<string, string?>();
        string? path = database is null ? null : parse.GetValue(database);
        if (path is not null)
        {
            overrides["Sqlite:Path"] = path;
        }

        LoadSenseSettings settings = SettingsLoader.Load(overrides);
        // Logs go to stderr so that stdout carries only the tables a user may pipe on.
        ILoggerFactory logging = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(settings.LogLevel)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true));
        ILogger logger = logging.CreateLogger("LoadSense");
        if (logger.IsEnabled(LogLevel.Information))
        {
            string configFile = SettingsLoader.ConfigFilePath(Environment.GetEnvironmentVariable);
            bool present = File.Exists(configFile);
            string store = StoreDescription(settings);
            Log.SettingsLoaded(logger, configFile, present, settings.Store, store);
        }
        return (settings, logging);
    }

    /// <summary>The Monday of <paramref name="isoWeek"/>, or of the current week in <paramref name="zone"/> moved by <paramref name="weeksFromNow"/>.</summary>
    public static DateOnly Monday(string? isoWeek, TimeZoneInfo zone, int weeksFromNow) => isoWeek is not null
        ? LocalDays.ParseIsoWeek(isoWeek)
        : LocalDays.MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone).DateTime)).AddDays(7 * weeksFromNow);

    /// <summary>
    /// The configured store: the SQLite file, or InfluxDB written through the durable outbox
    /// (writes land in the outbox first; reads go to InfluxDB once the outbox is sent).
    /// </summary>
    public static async Task<ILoadStore> OpenStoreAsync(LoadSenseSettings settings, ILoggerFactory logging, CancellationToken cancellationToken) =>
        settings.UsesInfluxDb
            ? await OpenOutboxStoreAsync(settings, logging, cancellationToken)
            : await SqliteLoadStore.OpenAsync(settings.Sqlite, logging.CreateLogger<SqliteLoadStore>(), cancellationToken);

    /// <summary>InfluxDB behind the outbox; only with Store=influxdb.</summary>
    public static Task<OutboxLoadStore> OpenOutboxStoreAsync(LoadSenseSettings settings, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        if (!settings.UsesInfluxDb)
        {
            throw new SettingsException("This command works on the InfluxDB outbox; set Store=influxdb (LOADSENSE_Store=influxdb) and the InfluxDb:* settings.");
        }

        return OutboxLoadStore.OpenAsync(settings.InfluxDb, settings.Outbox, TimeProvider.System, logging, cancellationToken);
    }

    /// <summary>
    /// The sink for raw samples: with <c>Store=influxdb</c> and <c>InfluxDb:RawSamples=true</c>,
    /// measurement <c>raw_samples</c> through the outbox; otherwise none (raw samples are not kept).
    /// </summary>
    public static async Task<IRawSampleSink?> OpenRawSampleSinkAsync(LoadSenseSettings settings, ILoadStore store, string patientId, CancellationToken cancellationToken) =>
        settings.UsesInfluxDb && settings.InfluxDb.RawSamples && store is OutboxLoadStore outbox
            ? await outbox.OpenRawSampleSinkAsync(patientId, cancellationToken)
            : null;

    /// <summary>The configured BlueZ adapter on the system bus (DBUS_SYSTEM_BUS_ADDRESS when set).</summary>
    /// <exception cref="BleException">The bus cannot be reached.</exception>
    public static async Task<BlueZAdapter> ConnectAdapterAsync(LoadSenseSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await BlueZAdapter.ConnectAsync(settings.Sensors.Adapter, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is DBusConnectionException or System.Net.Sockets.SocketException)
        {
            throw new BleException($"Cannot reach bluetoothd's D-Bus system bus ({ex.Message}). Is dbus running and bluez installed? (DBUS_SYSTEM_BUS_ADDRESS overrides the bus.)", ex);
        }
    }

    /// <summary>Where results go, for messages: the SQLite path, or InfluxDB's URL and database (never credentials).</summary>
    public static string StoreDescription(LoadSenseSettings settings) => settings.UsesInfluxDb
        ? $"InfluxDB {settings.InfluxDb.Url} database {settings.InfluxDb.Database} (outbox {settings.Outbox.Path})"
        : settings.Sqlite.Path;

    /// <summary>Runs a command body, turning every expected failure into one line on stderr and an exit code.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (SettingsException ex)
        {
            await Console.Error.WriteLineAsync($"loadsense: {ex.Message}");
            return BadSettings;
        }
        catch (Exception ex) when (ex is RecordingFormatException or Evaluation.ManifestException)
        {
            await Console.Error.WriteLineAsync($"loadsense: {ex.Message}");
            return BadInput;
        }
        catch (InfluxDbException ex) when (ex.Failure == InfluxFailure.Transient)
        {
            await Console.Error.WriteLineAsync($"loadsense: {ex.Message}");
            return StoreUnavailable;
        }
        catch (BleException ex)
        {
            await Console.Error.WriteLineAsync($"loadsense: {ex.Message}");
            return BluetoothUnavailable;
        }
        catch (FileNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"loadsense: {ex.FileName ?? ex.Message}: no such file.");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException or FormatException or InvalidDataException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"loadsense: {ex.Message}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("loadsense: cancelled.");
            return 130;
        }
    }
}
