using System.Text.Json;

namespace LoadSense.Cli.Tests.Commands;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private static int TruthSteps() => File.ReadAllLines(LoadSenseProcess.DataFile("oxford-excerpt.truth.csv")).Skip(1).Count(l => l.Length > 0);

    [Fact]
    public async Task Analyze_OxfordExcerpt_CountsStepsCloseToTheFootSwitches()
    {
        string json = Path.Combine(_cli.Directory, "out.json");
        var (code, stdout, stderr) = await _cli.RunAsync("analyze", LoadSenseProcess.DataFile("oxford-excerpt.csv.gz"), "--placement", "hip", "--patient", "p1", "--start", "2026-11-23T10:00:00Z", "--json", json);
        Assert.True(code == 0, stderr);
        Assert.Contains("steps", stdout, StringComparison.Ordinal);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        int steps = doc.RootElement.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "step");
        int truth = TruthSteps();
        Assert.InRange(steps, truth * 0.85, truth * 1.15);
        JsonElement day = Assert.Single(doc.RootElement.GetProperty("days").EnumerateArray());
        Assert.Equal("2026-11-23", day.GetProperty("date").GetString());
        Assert.Equal(steps, day.GetProperty("steps").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "jump"));
    }

    [Fact]
    public async Task Analyze_SameRecordingTwice_DoesNotDoubleTheCounts()
    {
        string file = LoadSenseProcess.DataFile("oxford-excerpt.csv.gz");
        string[] args = ["analyze", file, "--placement", "hip", "--patient", "p2", "--start", "2026-11-23T10:00:00Z"];
        Assert.Equal(0, (await _cli.RunAsync(args)).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync(args)).ExitCode);
        string json = Path.Combine(_cli.Directory, "week.json");
        var (code, _, stderr) = await _cli.RunAsync("summary", "--patient", "p2", "--week", "2026-W48", "--json", json);
        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        int weekSteps = doc.RootElement.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("steps").GetInt32());
        Assert.InRange(weekSteps, TruthSteps() * 0.85, TruthSteps() * 1.15);
    }

    [Fact]
    public async Task Analyze_RelativeTimesWithoutStart_LandOnTheSameTimesEveryRun()
    {
        string copy = ExcerptModifiedAt(new DateTime(2026, 11, 24, 12, 0, 20, DateTimeKind.Utc));
        string firstEvent = (await AnalyzeEventsAsync(copy, "a.json"))[0].GetProperty("time").GetString()!;
        Assert.Equal(firstEvent, (await AnalyzeEventsAsync(copy, "b.json"))[0].GetProperty("time").GetString());
        Assert.StartsWith("2026-11-24T12:00:0", firstEvent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_RelativeTimesWithoutStart_StartAtTheMinuteOfModificationTimeMinusDuration()
    {
        // 20.0 s of samples modified at 12:01:10: the start 12:00:50 rounds down to 12:00:00, so
        // the events are exactly those of --start 12:00:00 (the analysis ran from 12:01:00, the
        // modification time's minute, and its results moved back by one minute).
        string copy = ExcerptModifiedAt(new DateTime(2026, 11, 24, 12, 1, 10, DateTimeKind.Utc));
        JsonElement events = await AnalyzeEventsAsync(copy, "default.json");
        JsonElement given = await AnalyzeEventsAsync(copy, "given.json", "--start", "2026-11-24T12:00:00Z");

        Assert.True(events.GetArrayLength() > 0);
        Assert.Equal(given.ToString(), events.ToString());
        Assert.StartsWith("2026-11-24T12:00:0", events[0].GetProperty("time").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_MissingFile_SaysSoWithoutAStackTrace()
    {
        var (code, _, stderr) = await _cli.RunAsync("analyze", "/nonexistent/walk.csv");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/walk.csv", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_BadLineAfterGoodData_KeepsWhatCameBeforeAndNamesTheLine()
    {
        var lines = new List<string> { "t,x,y,z" };
        for (int i = 0; i < 3000; i++)
        {
            lines.Add(FormattableString.Invariant($"{i * 0.01:0.00},0.01,0.99,0.02"));
        }

        lines.Add("30.00,0.01,oops,0.02");
        string file = _cli.WriteFile("broken.csv", string.Join('\n', lines));
        var (code, _, stderr) = await _cli.RunAsync("analyze", file, "--start", "2026-11-23T10:00:00Z", "--patient", "p3");
        Assert.Equal(2, code);
        Assert.Contains("line 3002", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        var (summaryCode, _, _) = await _cli.RunAsync("summary", "--patient", "p3", "--week", "2026-W48", "--json", Path.Combine(_cli.Directory, "w.json"));
        Assert.Equal(0, summaryCode);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_cli.Directory, "w.json")));
        Assert.Contains(doc.RootElement.GetProperty("days").EnumerateArray(), d => d.GetProperty("wear_minutes").GetInt32() > 0 || d.GetProperty("date").GetString() == "2026-11-23");
    }

    [Fact]
    public async Task Analyze_MetersPerSecondSquaredReadAsG_ExitsTwoNamingTheOption()
    {
        // Three seconds at rest: long enough for the unit check.
        string rows = string.Concat(Enumerable.Range(0, 300).Select(i => FormattableString.Invariant($"{i * 0.01:0.00},0.1,9.81,0.2\n")));
        string file = _cli.WriteFile("ms2.csv", "t,x,y,z\n" + rows);
        var (code, _, stderr) = await _cli.RunAsync("analyze", file);
        Assert.Equal(2, code);
        Assert.Contains("--units ms2", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("t,x,y,z\n0.00,0,1,0\n0.02,0,1,0\n0.01,0,1,0\n", "backwards")]
    [InlineData("time,a,b,c\n0,0,1,0\n", "x, y, z")]
    public async Task Analyze_BadFile_ExitsTwoWithAClearMessage(string content, string expected)
    {
        string file = _cli.WriteFile("bad.csv", content);
        var (code, _, stderr) = await _cli.RunAsync("analyze", file);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    /// <summary>A copy of the Oxford excerpt (relative times, 20.0 s) with the given modification time.</summary>
    private string ExcerptModifiedAt(DateTime modifiedUtc)
    {
        string copy = Path.Combine(_cli.Directory, "walk.csv.gz");
        File.Copy(LoadSenseProcess.DataFile("oxford-excerpt.csv.gz"), copy, overwrite: true);
        File.SetLastWriteTimeUtc(copy, modifiedUtc);
        return copy;
    }

    /// <summary>Runs analyze on <paramref name="file"/> with --json and returns the events it wrote.</summary>
    private async Task<JsonElement> AnalyzeEventsAsync(string file, string jsonName, params string[] options)
    {
        string json = Path.Combine(_cli.Directory, jsonName);
        var (code, _, stderr) = await _cli.RunAsync(["analyze", file, "--json", json, .. options]);
        Assert.True(code == 0, stderr);
        using JsonDocument document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        return document.RootElement.GetProperty("events").Clone();
    }
}
