using System.Globalization;

namespace LoadSense.Cli.Tests.Commands;

public sealed class DecodeCommandTests : IDisposable
{
    // Frames from firmware-protocol/vectors/loadsense-v1.json ("one_sample_at_rest", "mtu23_full")
    // and a frame with sequence 4 and 3 samples at 100 Hz, +-8 g, first-sample time 1000 ticks:
    // (0, 0, 4096), (1, 0, 1), (4096, 2, -4096).
    private const string AtRest = "0100000000000000e8030801000000000010";
    private const string Mtu23 = "010001004701000010040801f4ff3101fa0f";
    private const string Seq4 = "01000400e8030000e80308030000000000100100000001000010020000f0";

    private readonly LoadSenseProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Decode_LoadSenseV1Capture_PrintsOneCsvRowPerSample()
    {
        string file = _cli.WriteFile("capture.hex", $"# two frames\n{AtRest}\n\n{Mtu23}\n");

        var (code, stdout, stderr) = await _cli.RunAsync("decode", "--profile", "loadsense-v1", file);

        Assert.True(code == 0, stderr);
        string[] rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["seq,t_device,x_g,y_g,z_g", "0,0.000000,0,0,1", "1,0.009979,-0.0029296875,0.07446289,0.99853516"], rows);
        Assert.Contains("2 frames, 2 samples; 0 gaps, 0 frames lost, 0 duplicates, 0 malformed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_LostDuplicateAndBadLines_NamesEachLineOnStderrAndExitsTwo()
    {
        string file = _cli.WriteFile("capture.hex", $"{AtRest}\n{AtRest}\nnot hex\n0105\n{Seq4.ToUpperInvariant()}\n");

        var (code, stdout, stderr) = await _cli.RunAsync("decode", "--profile", "loadsense-v1", file);

        Assert.Equal(2, code);
        Assert.Contains("line 2: duplicate", stderr, StringComparison.Ordinal);
        Assert.Contains("line 3: not a hex frame", stderr, StringComparison.Ordinal);
        Assert.Contains("line 4: malformed frame (too_short)", stderr, StringComparison.Ordinal);
        Assert.Contains("line 5: gap before frame 4, 3 frame(s) lost", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        string[] rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 1 + 3, rows.Length);
        // The frame after the hole keeps its own device time: 1000 ticks, then 10 ms steps.
        Assert.Equal(["4", "4", "4"], rows[2..].Select(r => r.Split(',')[0]));
        Assert.Equal(1000 / 32768.0 + 0.02, double.Parse(rows[4].Split(',')[1], CultureInfo.InvariantCulture), 6);
        Assert.Equal("1", rows[4].Split(',')[2]);
        Assert.Equal("-1", rows[4].Split(',')[4]);
    }

    [Fact]
    public async Task Decode_PolarCompressedFrameWithFactor_ScalesLikeThePolarSdk()
    {
        // vectors/polar-pmd.json "compressed_type1": 4 samples, reference (100, -200, 1000) mG.
        string file = _cli.WriteFile("polar.hex", "020000d2cba739610b81640038ffe8030403f1e013000c\n");

        var (code, stdout, stderr) = await _cli.RunAsync("decode", "--profile", "polar-pmd", "--factor", "0.5", "--rate", "200", file);

        Assert.True(code == 0, stderr);
        string[] rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, rows.Length);
        Assert.EndsWith(",0.05,-0.1,0.5", rows[1], StringComparison.Ordinal);
        // Last sample at the frame's timestamp: 820e15 ns after 2000-01-01 = Unix 1766684800.
        Assert.StartsWith("0,1766684800.000000,", rows[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_UnknownProfileOrMissingFile_ExitsWithAClearMessage()
    {
        var (code, _, stderr) = await _cli.RunAsync("decode", "--profile", "polar-pmd", "/nonexistent/capture.hex");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/capture.hex", stderr, StringComparison.Ordinal);

        var (badProfile, _, profileErr) = await _cli.RunAsync("decode", "--profile", "metawear", "x.hex");
        Assert.NotEqual(0, badProfile);
        Assert.Contains("metawear", profileErr, StringComparison.Ordinal);
    }
}
