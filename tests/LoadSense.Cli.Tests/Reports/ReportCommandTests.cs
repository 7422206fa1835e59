using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace LoadSense.Cli.Tests.Reports;

/// <summary><c>loadsense report</c> run as a process: the file it writes, read as XML.</summary>
[Collection(DemoWeekGroup.Name)]
public sealed class ReportCommandTests(DemoWeekFixture week) : IDisposable
{
    private readonly LoadSenseProcess _empty = new();

    public void Dispose() => _empty.Dispose();

    [Fact]
    public void Report_DemoWeek_IsSelfContainedWithChartsBeforeText()
    {
        XDocument page = Load(week.ReportPath);
        XElement[] all = [.. page.Descendants()];
        Assert.DoesNotContain(all, e => e.Name.LocalName is "script" or "link" or "img" or "iframe" or "object" or "embed");
        Assert.DoesNotContain(all, e => e.Attributes().Any(a => a.Name.LocalName is "src" or "href" or "srcset"));
        string css = Assert.Single(all, e => e.Name.LocalName == "style").Value;
        Assert.DoesNotContain("url(http", css, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", css, StringComparison.Ordinal);
        Assert.Contains("@media print", css, StringComparison.Ordinal);
        Assert.Contains("size: A4", css, StringComparison.Ordinal);

        string[] charts = [.. all.Where(e => e.Name.LocalName == "svg").Select(e => (string)e.Attribute("id")!)];
        Assert.Equal(["chart-load", "chart-impacts", "chart-jumps", "chart-lifts", "chart-steps", "chart-wear", "chart-trend"], charts);
        int firstChart = Array.FindIndex(all, e => e.Name.LocalName == "svg");
        Assert.True(firstChart < Array.FindIndex(all, e => (string?)e.Attribute("id") == "targets"), "charts come before the text");
        Assert.Contains("How these numbers are computed", page.Root!.Value, StringComparison.Ordinal);
        Assert.Contains("Vainionpää", page.Root.Value, StringComparison.Ordinal);
        Assert.Contains("Bae et al. 2023", page.Root.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_DemoWeek_BarsCarryTheStoredNumbers()
    {
        XElement[] bars = [.. Load(week.ReportPath).Descendants().Where(e => e.Name.LocalName == "rect" && ((string?)e.Attribute("class"))?.StartsWith("bar", StringComparison.Ordinal) == true)];
        double Bar(string chart, string date, string series) => double.Parse((string)Assert.Single(bars,
            b => (string?)b.Attribute("data-chart") == chart && (string?)b.Attribute("data-date") == date && (string?)b.Attribute("data-series") == series).Attribute("data-value")!, CultureInfo.InvariantCulture);

        Assert.Equal(7, week.Days.Count);
        foreach (JsonElement day in week.Days)
        {
            string date = day.GetProperty("date").GetString()!;
            Assert.Equal(day.GetProperty("load").GetDouble(), Bar("load", date, "load"), 9);
            Assert.Equal(day.GetProperty("steps").GetInt32(), Bar("steps", date, "steps"));
            Assert.Equal(day.GetProperty("jumps").GetInt32(), Bar("jumps", date, "jumps"));
            Assert.Equal(day.GetProperty("lift_sets").GetInt32(), Bar("lifts", date, "sets"));
            Assert.Equal(day.GetProperty("wear_minutes").GetInt32(), Bar("wear", date, "wear minutes"));
            XElement jump = Assert.Single(bars, b => (string?)b.Attribute("data-chart") == "jumps" && (string?)b.Attribute("data-date") == date);
            Assert.Equal(day.GetProperty("jump_sessions").GetInt32(), (int)jump.Attribute("data-sessions")!);
            Assert.Equal(day.GetProperty("max_jump_height_cm").GetDouble(), (double)jump.Attribute("data-best-cm")!, 9);
            Assert.Equal(day.GetProperty("mean_jump_height_cm").GetDouble(), (double)jump.Attribute("data-mean-cm")!, 9);
            Assert.Equal(day.GetProperty("impacts").EnumerateArray().Sum(i => i.GetInt32()),
                bars.Where(b => (string?)b.Attribute("data-chart") == "impacts" && (string?)b.Attribute("data-date") == date).Sum(b => (int)b.Attribute("data-value")!));
        }

        // The trend has 8 weeks, the last one this week, whose mean load is the mean of the days with data.
        XElement[] trend = [.. bars.Where(b => (string?)b.Attribute("data-chart") == "trend")];
        Assert.Equal(8, trend.Length);
        Assert.Equal("2026-W40", (string?)trend[0].Attribute("data-week"));
        Assert.Equal("2026-W47", (string?)trend[^1].Attribute("data-week"));
        Assert.Equal(week.Days.Average(d => d.GetProperty("load").GetDouble()), (double)trend[^1].Attribute("data-value")!, 2);
        Assert.All(trend[..^1], t => Assert.Equal("no-data", (string?)t.Attribute("data-coverage")));
    }

    [Fact]
    public async Task Report_EmptyWeek_SaysNoDataWasRecordedAndWhy()
    {
        string path = Path.Combine(_empty.Directory, "out", "empty.html");
        var (code, stdout, stderr) = await _empty.RunAsync("report", "--patient", "nobody", "--week", "2026-W10", "--out", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("no data recorded", stdout, StringComparison.Ordinal);
        XDocument page = Load(path);
        XElement notice = Assert.Single(page.Descendants(), e => (string?)e.Attribute("id") == "no-data");
        Assert.Contains("No data was recorded", notice.Value, StringComparison.Ordinal);
        Assert.Contains("not worn", notice.Value, StringComparison.Ordinal);
        Assert.Contains("loadsense analyze", notice.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(page.Descendants(), e => (string?)e.Attribute("data-chart") is "load" or "steps");
        Assert.Equal(8, page.Descendants().Count(e => (string?)e.Attribute("data-chart") == "trend"));
    }

    [Fact]
    public async Task Report_PngWithoutChromium_ExitsTwoSayingHowToInstallIt()
    {
        var (code, _, stderr) = await _empty.RunAsync(new Dictionary<string, string> { ["LOADSENSE_Report__ChromiumPath"] = "/nonexistent/chromium" },
            "report", "--patient", "p", "--week", "2026-W10", "--png");
        Assert.Equal(2, code);
        Assert.Contains("apt-get install chromium", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Png_WritesAScreenshotNextToThePage()
    {
        Assert.True(File.Exists(Reports.ChromiumDevTools.ChromiumPath), "--png needs Debian's Chromium: install it with 'sudo apt-get install chromium'");
        string path = Path.Combine(week.Cli.Directory, "png", "week.html");
        var (code, stdout, stderr) = await week.Cli.RunAsync("report", "--patient", "demo", "--week", "2026-W47", "--out", path, "--png");
        Assert.True(code == 0, stderr);
        Assert.Contains("week.png", stdout, StringComparison.Ordinal);
        PngImage image = PngImage.Decode(await File.ReadAllBytesAsync(Path.ChangeExtension(path, ".png")));
        Assert.Equal(1100, image.Width);
    }

    private static XDocument Load(string path)
    {
        using XmlReader reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }
}
