using System.CommandLine;
using System.Globalization;
using System.Text;
using LoadSense.Core;
using LoadSense.Protocol;

namespace LoadSense.Cli.Commands;

/// <summary>
/// <c>loadsense decode</c>: a capture of notifications, one hex frame a line, through a device
/// profile's decoder; samples as CSV on stdout, gaps, duplicates and errors on stderr.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("FILE")
        {
            Description = "Capture to decode: one notification a line as hex (spaces and colons allowed; empty lines and lines starting with # are skipped). '-' or nothing reads stdin.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "-",
        };
        var profile = new Option<string>("--profile") { Description = "The device profile: loadsense-v1 or polar-pmd.", Required = true };
        profile.AcceptOnlyFromAmong([.. DeviceProfiles.Names]);
        var factor = new Option<float>("--factor") { Description = "polar-pmd: the factor the device reported in its settings (compressed frames are scaled by it).", DefaultValueFactory = _ => 1f };
        var rate = new Option<int>("--rate") { Description = "polar-pmd: the nominal sample rate in Hz the stream was started with (1 to 65535); loadsense-v1 frames carry their own.", DefaultValueFactory = _ => 200 };
        var command = new Command("decode", "Decode a capture of BLE notifications into samples: CSV 'seq,t_device,x_g,y_g,z_g' on stdout (t_device in seconds: the device clock for loadsense-v1, Unix time for polar-pmd); every gap, duplicate and malformed frame on stderr with its line number, then the counts. Exits 2 when any line was malformed.\n\nExample: loadsense decode --profile loadsense-v1 capture.hex > samples.csv")
        {
            input, profile, factor, rate,
        };
        command.SetAction((parse, cancellationToken) => CommandSupport.RunAsync(async () =>
        {
            int rateHz = parse.GetValue(rate);
            float scale = parse.GetValue(factor);
            if (rateHz is < 1 or > ushort.MaxValue || !float.IsFinite(scale) || scale == 0)
            {
                throw new ArgumentException($"--rate {rateHz} or --factor {scale} is out of range (1 to 65535 Hz; a finite, non-zero factor).");
            }

            IDeviceProfile device = DeviceProfiles.Create(parse.GetValue(profile)!, rateHz, scale);
            string path = parse.GetValue(input)!;
            if (path != "-" && !File.Exists(path))
            {
                throw new FileNotFoundException(null, path);
            }

            using TextReader reader = path == "-" ? Console.In : new StreamReader(path, Encoding.UTF8);
            await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
            int badLines = await DecodeAsync(reader, output, Console.Error, device, cancellationToken);
            return badLines == 0 ? CommandSupport.Ok : CommandSupport.BadInput;
        }));
        return command;
    }

    /// <summary>Decodes every line; returns how many lines were not hex or not a valid frame.</summary>
    internal static async Task<int> DecodeAsync(TextReader reader, TextWriter output, TextWriter errors, IDeviceProfile device, CancellationToken cancellationToken)
    {
        IFrameDecoder decoder = device.CreateDecoder();
        var block = new SampleBlock(device.Name, device.MaxSamplesPerFrame);
        var row = new StringBuilder(96);
        int lineNumber = 0, notHex = 0;
        await output.WriteLineAsync("seq,t_device,x_g,y_g,z_g");
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            string text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            byte[] frame;
            try
            {
                frame = Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                notHex++;
                await errors.WriteLineAsync($"line {lineNumber}: not a hex frame");
                continue;
            }

            FrameResult result = decoder.Decode(frame, block);
            switch (result.Status)
            {
                case FrameStatus.Malformed:
                    await errors.WriteLineAsync($"line {lineNumber}: malformed frame ({FrameResult.ErrorName(result.Error)}), {frame.Length} bytes");
                    continue;
                case FrameStatus.Duplicate:
                    await errors.WriteLineAsync($"line {lineNumber}: duplicate of frame {result.Sequence}, dropped");
                    continue;
            }

            if (result.GapBefore)
            {
                string lost = result.LostFrames > 0 ? $", {result.LostFrames} frame(s) lost" : string.Empty;
                await errors.WriteLineAsync($"line {lineNumber}: gap before frame {result.Sequence}{lost}");
            }

            for (int i = 0; i < block.Count; i++)
            {
                row.Clear();
                row.Append(CultureInfo.InvariantCulture, $"{result.Sequence},{block.Time[i]:0.000000},{block.X[i]},{block.Y[i]},{block.Z[i]}");
                await output.WriteLineAsync(row, cancellationToken);
            }
        }

        DecoderCounters c = decoder.Counters;
        await errors.WriteLineAsync($"{device.Name}: {c.Frames} frames, {c.Samples} samples; {c.Gaps} gaps, {c.Lost} frames lost, {c.Duplicates} duplicates, {c.Malformed} malformed, {c.Resets} resets, {notHex} lines not hex");
        return notHex + (int)c.Malformed;
    }
}
