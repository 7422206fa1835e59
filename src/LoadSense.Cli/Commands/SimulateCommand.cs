using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using LoadSense.Core;
using LoadSense.Core.Simulation;

namespace LoadSense.Cli.Commands;

/// <summary><c>loadsense simulate</c>: writes a simulated recording in the corpus format (t,x,y,z in s and g).</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var output = new Argument<FileInfo>("OUT") { Description = "File to write; a name ending in .gz is gzip-compressed." };
        var hours = new Option<double>("--hours") { Description = "Length of the recording in hours (0.01 to 168).", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--rate") { Description = "Sample rate in Hz (12.5 to 400).", DefaultValueFactory = _ => 100 };
        var placement = new Option<Placement>("--placement") { Description = "Where the simulated sensor is worn.", DefaultValueFactory = _ => Placement.Hip };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same file.", DefaultValueFactory = _ => 1 };
        var command = new Command("simulate", "Write a simulated recording (walks, jump sessions, resistance sets and rest, in the pattern of the demo week) as CSV with relative times, to try 'analyze' or to measure throughput.\n\nExample: loadsense simulate day.csv.gz --hours 24 --rate 100")
        {
            output, hours, rate, placement, seed,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            double length = parse.GetValue(hours), rateHz = parse.GetValue(rate);
            if (length is < 0.01 or > 168 || rateHz is < 12.5 or > 400)
            {
                throw new ArgumentException($"--hours {length} or --rate {rateHz} is out of range (0.01 to 168 h, 12.5 to 400 Hz).");
            }

            // The demo week's plan, cut to the length asked for and laid end to end without the nights.
            IReadOnlyList<ActivitySegment> week = DemoWeek.Plan(new DateOnly(2026, 1, 5), TimeZoneInfo.Utc, parse.GetValue(seed));
            var plan = new List<ActivitySegment>();
            double t = 0, end = length * 3600;
            for (int i = 0; t < end; i = (i + 1) % week.Count)
            {
                double duration = Math.Min(week[i].DurationS, end - t);
                plan.Add(week[i] with { Start = t, DurationS = duration });
                t += duration;
            }

            Placement where = parse.GetValue(placement);
            var simulator = new WearableSimulator("simulated", where, rateHz, parse.GetValue(seed), blockSize: 4096);
            FileInfo file = parse.GetValue(output)!;
            await using FileStream stream = file.Create();
            await using Stream content = file.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(stream, CompressionLevel.Fastest)
                : stream;
            await using var writer = new StreamWriter(content, new UTF8Encoding(false), 1 << 16);
            await writer.WriteLineAsync("t,x,y,z");
            var line = new StringBuilder(64);
            foreach (SampleBlock block in simulator.Generate(plan))
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int i = 0; i < block.Count; i++)
                {
                    line.Clear();
                    line.Append(CultureInfo.InvariantCulture, $"{block.Time[i]:0.0000},{block.X[i]:0.0000},{block.Y[i]:0.0000},{block.Z[i]:0.0000}");
                    await writer.WriteLineAsync(line, cancellationToken);
                }
            }

            await Console.Error.WriteLineAsync($"Wrote {file.FullName}: {length} h at {rateHz} Hz ({where}), " +
                $"{simulator.Truth.Count(e => e.Kind == LoadEventKind.Step)} steps, {simulator.Truth.Count(e => e.Kind == LoadEventKind.Jump)} jumps, " +
                $"{simulator.Truth.Count(e => e.Kind == LoadEventKind.Lift)} lift reps.");
            return CommandSupport.Ok;
        }));
        return command;
    }
}
