using System.CommandLine;
using LoadSense.Ble;
using LoadSense.Cli.Configuration;
using LoadSense.Cli.Service;
using LoadSense.Core;
using LoadSense.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense run</c>: the background service that records sensors into the store until stopped.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var simulate = new Option<int?>("--simulate") { Description = "Run N simulated sensors (1 to 1000) instead of Bluetooth, through the same analysis into the store.", HelpName = "N" };
        var seconds = new Option<int>("--seconds") { Description = "Stop by itself after S seconds (default 0: run until SIGTERM or Ctrl-C).", HelpName = "S" };
        var rate = new Option<double>("--rate") { Description = "Sample rate of the simulated sensors in Hz (12.5 to 400).", DefaultValueFactory = _ => 50 };
        Option<string> patient = CommandSupport.PatientOption("sim");
        var measure = new Option<bool>("--measure") { Description = "On stop, print the simulated sensors' processing latency (p50, p99, max), CPU time and peak memory (benchmarks/live)." };
        Option<string?> database = CommandSupport.DatabaseOption();
        var command = new Command("run", "Run the recording service: a Bluetooth session for every paired sensor ('loadsense pair'; no other sensor is ever connected), reconnecting forever, or N simulated sensors with --simulate; everything goes through the same analysis into the store. Keeps a state file next to the database for 'loadsense status', and on SIGTERM or Ctrl-C flushes everything and exits 0.\n\nExamples: loadsense run\n          loadsense run --simulate 3 --seconds 60")
        {
            simulate, seconds, rate, patient, database, measure,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            var run = new RunOptions
            {
                SimulatedSensors = parse.GetValue(simulate),
                Patient = parse.GetValue(patient)!,
                SampleRateHz = parse.GetValue(rate),
                StopAfterSeconds = parse.GetValue(seconds),
                StateFile = ServiceStateFile.PathOf(settings),
                Measure = parse.GetValue(measure),
            };

            List<PairedSensor> paired = run.SimulatedSensors is null ? await PairedSensorsFile.ReadAsync(settings, cancellationToken) : [];
            // Nothing paired: the service idles (saying so) and needs no Bluetooth until a sensor is paired.
            using BlueZAdapter? adapter = paired.Count > 0 ? await CommandSupport.ConnectAdapterAsync(settings, cancellationToken) : null;
            await using ILoadStore store = await CommandSupport.OpenStoreAsync(settings, logging, cancellationToken);
            HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.SetMinimumLevel(settings.LogLevel)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            // Room for the final flush, within systemd's TimeoutStopSec=60 (deploy/systemd/loadsense.service).
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(50));
            builder.Services.AddSystemdNotifyWhenRequested();
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton(settings);
            builder.Services.AddSingleton(store);
            builder.Services.AddOptions<RunOptions>()
                .Configure(o =>
                {
                    o.SimulatedSensors = run.SimulatedSensors;
                    o.Patient = run.Patient;
                    o.SampleRateHz = run.SampleRateHz;
                    o.StopAfterSeconds = run.StopAfterSeconds;
                    o.StateFile = run.StateFile;
                    o.Measure = run.Measure;
                })
                .ValidateDataAnnotations()
                .ValidateOnStart();
            builder.Services.AddSingleton(sp => new PairedSensorSessions(settings, paired, adapter, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
            builder.Services.AddSingleton<RecordingService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingService>());
            using IHost host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (OptionsValidationException ex)
            {
                throw new ArgumentException(string.Join(" ", ex.Failures));
            }

            // Every session shares one connection to the system bus (made at start, or when the
            // first sensor is paired): if the bus itself goes away, stop (flushing everything) and
            // exit 5, so that the service manager starts us afresh.
            Task<Exception> busLost = host.Services.GetRequiredService<PairedSensorSessions>().BusLost;
            IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            _ = busLost.ContinueWith(_ => lifetime.StopApplication(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            string what = run.SimulatedSensors is { } n
                ? $"{n} simulated sensors for patient {run.Patient}"
                : $"{paired.Count} paired sensors over Bluetooth ({settings.Sensors.Adapter})";
            await Console.Error.WriteLineAsync($"Recording {what} into {CommandSupport.StoreDescription(settings)}; state in {run.StateFile}. Stop with Ctrl-C or SIGTERM.");
            // A stop request (SIGTERM, Ctrl-C, --seconds) ends the wait; the service's flush finishes inside StopAsync.
            await host.WaitForShutdownAsync(CancellationToken.None);
            RecordingService service = host.Services.GetRequiredService<RecordingService>();
            // The host stops waiting after its shutdown timeout; the store must outlive the last write.
            if (service.ExecuteTask is { } execution)
            {
                await execution.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (service.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            if (busLost.IsCompletedSuccessfully)
            {
                Exception lost = busLost.Result;
                throw new BleException($"Lost the D-Bus system bus ({lost.Message}); everything received before was stored. Start the service again once dbus runs.", lost);
            }

            await Console.Error.WriteLineAsync("Stopped; everything analysed was stored.");
            return CommandSupport.Ok;
        }));
        return command;
    }
}
