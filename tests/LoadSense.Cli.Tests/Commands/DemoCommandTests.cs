using System.Text.Json;

namespace LoadSense.Cli.Tests.Commands;

public sealed class DemoCommandTests : IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Demo_SimulatedWeek_PrintsTheWeekAndStoresIt()
    {
        string json = Path.Combine(_cli.Directory, "demo.json");
        var (code, stdout, stderr) = await _cli.RunAsync("demo", "--week", "2026-W47", "--json", json);
        Assert.True(code == 0, stderr);
        Assert.Contains("week 2026-W47", stdout, StringComparison.Ordinal);
        Assert.Contains("Targets:", stdout, StringComparison.Ordinal);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] days = [.. doc.RootElement.GetProperty("days").EnumerateArray()];
        Assert.Equal(7, days.Length);
        Assert.All(days, d => Assert.True(d.GetProperty("steps").GetInt32() > 1000));
        Assert.True(days[0].GetProperty("jumps").GetInt32() >= 45, "Monday has a jump session");
        Assert.True(days[1].GetProperty("lift_reps").GetInt32() >= 20, "Tuesday has resistance training");

        // The summary command reads the same rows back from the store.
        string again = Path.Combine(_cli.Directory, "summary.json");
        Assert.Equal(0, (await _cli.RunAsync("summary", "--patient", "demo", "--week", "2026-W47", "--json", again)).ExitCode);
        using JsonDocument stored = JsonDocument.Parse(File.ReadAllText(again));
        Assert.Equal(doc.RootElement.GetProperty("days").ToString(), stored.RootElement.GetProperty("days").ToString());
    }

    [Fact]
    public async Task Demo_SettingOutOfRange_ExitsThreeNamingTheSetting()
    {
        var (code, _, stderr) = await _cli.RunAsync(new Dictionary<string, string> { ["LOADSENSE_Scoring__StressExponent"] = "50" }, "demo");
        Assert.Equal(3, code);
        Assert.Contains("Scoring:StressExponent", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_BadWeek_ExplainsTheFormat()
    {
        var (code, _, stderr) = await _cli.RunAsync("summary", "--patient", "x", "--week", "48");
        Assert.Equal(2, code);
        Assert.Contains("2026-W48", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var (code, stdout, _) = await _cli.RunAsync("--help");
        Assert.Equal(0, code);
        Assert.Contains("demo", stdout, StringComparison.Ordinal);
        Assert.Contains("analyze", stdout, StringComparison.Ordinal);
        Assert.Contains("summary", stdout, StringComparison.Ordinal);
    }
}
