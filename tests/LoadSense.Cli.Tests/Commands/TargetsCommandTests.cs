using System.Text.Json;
using LoadSense.Cli.Configuration;

namespace LoadSense.Cli.Tests.Commands;

public sealed class TargetsCommandTests : IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Show_WithoutOwnTargets_PrintsTheLiteratureDefaults()
    {
        var (code, stdout, stderr) = await _cli.RunAsync("targets", "show", "--patient", "p01");
        Assert.True(code == 0, stderr);
        Assert.Contains("no own targets", stdout, StringComparison.Ordinal);
        Assert.Matches(@"jumps per session\s+50\b", stdout);
        Assert.Matches(@"active minutes a week\s+150\b", stdout);
    }

    [Fact]
    public async Task Set_ThenShow_RoundTripsThroughAFileNextToTheDatabase()
    {
        var (code, _, stderr) = await _cli.RunAsync("targets", "set", "--patient", "p/../01", "--jumps-per-session", "40", "--daily-load", "12.5");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = await _cli.RunAsync("targets", "set", "--patient", "p/../01", "--resistance-days", "3");
        Assert.True(code == 0, stderr);

        string file = Path.Combine(_cli.Directory, "targets", PatientTargetsFile.FileNameOf("p/../01") + ".json");
        Assert.Equal("p~2f~2e~2e~2f01.json", Path.GetFileName(file));
        using JsonDocument stored = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(40, stored.RootElement.GetProperty("jumps_per_session").GetInt32());
        Assert.Equal(3, stored.RootElement.GetProperty("resistance_days_per_week").GetInt32());
        Assert.Equal(12.5, stored.RootElement.GetProperty("daily_load").GetDouble());

        var (showCode, stdout, _) = await _cli.RunAsync("targets", "show", "--patient", "p/../01");
        Assert.Equal(0, showCode);
        Assert.Matches(@"jumps per session\s+40\b", stdout);
        Assert.Matches(@"resistance days a week\s+3\b", stdout);
        Assert.Matches(@"daily load \(g\)\s+12\.5\b", stdout);
        Assert.Matches(@"jump days a week\s+3\b", stdout);
    }

    [Theory]
    [InlineData("--jumps-per-session", "0", "JumpsPerSession")]
    [InlineData("--jump-days", "8", "JumpDaysPerWeek")]
    [InlineData("--sets-per-day", "51", "SetsPerResistanceDay")]
    [InlineData("--active-minutes", "5001", "ActiveMinutesPerWeek")]
    [InlineData("--daily-load", "1001", "DailyLoad")]
    public async Task Set_OutOfRange_ExitsTwoNamingTheTargetAndStoresNothing(string option, string value, string name)
    {
        var (code, _, stderr) = await _cli.RunAsync("targets", "set", "--patient", "p01", option, value);
        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.Contains(name, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_cli.Directory, "targets")), "nothing is stored");
    }

    [Fact]
    public async Task Summary_WithOwnTargets_MeasuresTheWeekAgainstThem()
    {
        Assert.Equal(0, (await _cli.RunAsync("targets", "set", "--patient", "p01", "--jumps-per-session", "30", "--active-minutes", "0")).ExitCode);
        string json = Path.Combine(_cli.Directory, "week.json");
        var (code, _, stderr) = await _cli.RunAsync("summary", "--patient", "p01", "--week", "2026-W47", "--json", json);
        Assert.True(code == 0, stderr);
        using JsonDocument week = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        JsonElement targets = week.RootElement.GetProperty("targets");
        Assert.Equal(30, targets.GetProperty("jumps_per_session").GetInt32());
        Assert.Equal("days with a session of 30+ jumps", targets.GetProperty("results")[0].GetProperty("name").GetString());
        Assert.True(targets.GetProperty("results")[2].GetProperty("met").GetBoolean(), "an active-minutes target of 0 is met");
    }

    [Fact]
    public async Task Summary_CorruptTargetsFile_ExitsThreeNamingTheFile()
    {
        Directory.CreateDirectory(Path.Combine(_cli.Directory, "targets"));
        _cli.WriteFile(Path.Combine("targets", "p01.json"), """{ "jumps_per_session": 5000 }""");
        var (code, _, stderr) = await _cli.RunAsync("summary", "--patient", "p01", "--week", "2026-W47");
        Assert.Equal(3, code);
        Assert.Contains("p01.json", stderr, StringComparison.Ordinal);
        Assert.Contains("JumpsPerSession", stderr, StringComparison.Ordinal);
    }
}
