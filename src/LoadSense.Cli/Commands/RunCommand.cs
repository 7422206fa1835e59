using System.CommandLine;
using LoadSense.Cli.Configuration;
using LoadSense.Cli.Service;
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
        var command = new Command("run", "Run the recording service: stream every sensor through the analysis into the store, keep a state file next to the database for 'loadsense status', and on SIGTERM or Ctrl-C flush everything and exit 0. Bluetooth sessions for paired sensors are not wired yet: use --simulate N.\n\nExample: loadsense run --simulate 3 --seconds 60")
        {
            simulate, seconds, rate, patient, database, measure,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            if (parse.GetValue(simulate) is not { } sensors)
            {
                throw new ArgumentException("Bluetooth sessions for paired sensors are not wired into 'run' yet; use --simulate N to run simulated sensors.");
            }

            (LoadSenseSettings settings, ILoggerFactory logging) = CommandSupport.LoadSettings(parse, database);
            using ILoggerFactory loggers = logging;
            var run = new RunOptions
            {
                SimulatedSensors = sensors,
                Patient = parse.GetValue(patient)!,
                SampleRateHz = parse.GetValue(rate),
                StopAfterSeconds = parse.GetValue(seconds),
                StateFile = ServiceStateFile.PathOf(settings),
                Measure = parse.GetValue(measure),
            };

            await using ILoadStore store = await CommandSupport.OpenStoreAsync(settings, logging, cancellationToken);
            HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.SetMinimumLevel(settings.LogLevel)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
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

            await Console.Error.WriteLineAsync($"Recording {sensors} simulated sensors for patient {run.Patient} into {CommandSupport.StoreDescription(settings)}; state in {run.StateFile}. Stop with Ctrl-C or SIGTERM.");
            // A stop request (SIGTERM, Ctrl-C, --seconds) ends the wait; the service's flush finishes inside StopAsync.
            await host.WaitForShutdownAsync(CancellationToken.None);
            RecordingService service = host.Services.GetRequiredService<RecordingService>();
            if (service.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            await Console.Error.WriteLineAsync("Stopped; everything analysed was stored.");
            return CommandSupport.Ok;
        }));
        return command;
    }
}
