using System.Text.Json;

namespace LoadSense.Cli.Tests.Reports;

/// <summary>The demo week 2026-W47 simulated once into a store, with its summary JSON and its report, shared by the report tests.</summary>
public sealed class DemoWeekFixture : IAsyncLifetime
{
    public LoadSenseProcess Cli { get; } = new();

    public string ReportPath => Path.Combine(Cli.Directory, "report.html");

    /// <summary>The stored days as <c>summary --json</c> writes them, Monday first.</summary>
    public IReadOnlyList<JsonElement> Days { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var (code, _, stderr) = await Cli.RunAsync("demo", "--week", "2026-W47", "--db", Cli.DatabasePath);
        Assert.True(code == 0, stderr);
        string json = Path.Combine(Cli.Directory, "summary.json");
        (code, _, stderr) = await Cli.RunAsync("summary", "--patient", "demo", "--week", "2026-W47", "--json", json);
        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Days = [.. doc.RootElement.GetProperty("days").EnumerateArray().Select(d => d.Clone())];
        (code, _, stderr) = await Cli.RunAsync("report", "--patient", "demo", "--week", "2026-W47", "--out", ReportPath);
        Assert.True(code == 0, stderr);
    }

    public Task DisposeAsync()
    {
        Cli.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DemoWeekGroup : ICollectionFixture<DemoWeekFixture>
{
    public const string Name = "demo week";
}
