using System.Xml;
using System.Xml.Linq;
using LoadSense.Cli.Reports;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;

namespace LoadSense.Cli.Tests.Reports;

public sealed class HtmlReportWriterTests
{
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    [Fact]
    public void Write_PartialWeek_ShowsLaterDaysAsNotYetAndLowWearAsMissingData()
    {
        DailySummary[] days =
        [
            Day(Monday, wearMinutes: 780, steps: 7000, jumps: 55),
            Day(Monday.AddDays(1), wearMinutes: 120, steps: 900, jumps: 0),
        ];
        // Wednesday 10:00 in Helsinki: Monday and Tuesday have passed, Wednesday has no data yet, Thursday on have not come.
        var now = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        XDocument page = Parse(HtmlReportWriter.Write(WeeklyReport.Build("p01", Monday, days, new Targets(), ownTargets: false, Helsinki, now)));

        string Coverage(string date) => (string)page.Descendants().Single(e => (string?)e.Attribute("data-chart") == "steps" && (string?)e.Attribute("data-date") == date).Attribute("data-coverage")!;
        Assert.Equal("worn", Coverage("2026-11-23"));
        Assert.Equal("low-wear", Coverage("2026-11-24"));
        Assert.Equal("no-data", Coverage("2026-11-25"));
        Assert.Equal("future", Coverage("2026-11-26"));
        Assert.Equal("future", Coverage("2026-11-29"));
        Assert.Contains("not over", page.Descendants().Single(e => (string?)e.Attribute("id") == "partial").Value, StringComparison.Ordinal);
        string missing = page.Descendants().Single(e => (string?)e.Attribute("id") == "missing").Value;
        Assert.Contains("Tue 24 Nov", missing, StringComparison.Ordinal);
        Assert.Contains("not low activity", missing, StringComparison.Ordinal);
        Assert.Equal(4, page.Descendants().Count(e => e.Name.LocalName == "text" && e.Value == "not yet" && e.Parent?.Parent?.Attribute("id")?.Value == "chart-steps"));
        Assert.Equal("1", (string?)page.Descendants().Single(e => (string?)e.Attribute("id") == "valid-days").Attribute("data-value"));
    }

    [Fact]
    public void Write_Targets_AreSentencesSayingMetOrMissed()
    {
        DailySummary[] days = [Day(Monday, wearMinutes: 780, steps: 7000, jumps: 55)];
        var targets = new Targets { JumpsPerSession = 40, JumpDaysPerWeek = 1, DailyLoad = 5 };
        XDocument page = Parse(HtmlReportWriter.Write(WeeklyReport.Build("p01", Monday, days, targets, ownTargets: true, Helsinki, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero))));

        XElement[] items = [.. page.Descendants().Single(e => (string?)e.Attribute("id") == "targets").Descendants().Where(e => e.Name.LocalName == "li")];
        Assert.Equal(4, items.Length);
        Assert.StartsWith("Met. Jumping: 1 day with a session of at least 40 jumps", items[0].Value, StringComparison.Ordinal);
        Assert.StartsWith("Missed. Resistance training: 0 days", items[1].Value, StringComparison.Ordinal);
        Assert.Contains("2 more to go", items[1].Value, StringComparison.Ordinal);
        Assert.StartsWith("Missed. Daily load: 1 day reached 5 g", items[3].Value, StringComparison.Ordinal);
        Assert.Equal("5", (string?)page.Descendants().Single(e => e.Name.LocalName == "line" && e.Attribute("data-target") is not null && e.Parent?.Attribute("id")?.Value == "chart-load").Attribute("data-target"));
        Assert.Contains("patient's own targets", page.Root!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WithTelemetry_ShowsEachSensorsLastBatteryAndWeeksGaps()
    {
        DailySummary[] days = [Day(Monday, wearMinutes: 780, steps: 7000, jumps: 55)];
        double start = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        DeviceTelemetry[] telemetry =
        [
            new("p01", "AA:BB:CC:DD:EE:01", start, "streaming", 80, -60, 6000, 3, 0, 0, 0, 0),
            new("p01", "AA:BB:CC:DD:EE:01", start + 60, "disconnected", null, null, 1000, 2, 1, 1, 90, 0),
            new("p01", "AA:BB:CC:DD:EE:01", start + 120, "streaming", 15, -70, 6000, 0, 0, 1, 30, 1),
            new("p01", "AA:BB:CC:DD:EE:02", start, "streaming", null, null, 6000, 0, 0, 0, 0, 0),
            new("p01", "AA:BB:CC:DD:EE:03", start + 120, "reconnecting", null, null, 0, 0, 0, 0, 0, 0),
        ];
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        XDocument page = Parse(HtmlReportWriter.Write(WeeklyReport.Build("p01", Monday, days, new Targets(), ownTargets: false, Helsinki, now, telemetry)));

        XElement[] rows = [.. page.Descendants().Where(e => e.Attribute("data-device") is not null)];
        Assert.Equal(["AA:BB:CC:DD:EE:01", "AA:BB:CC:DD:EE:02", "AA:BB:CC:DD:EE:03"], rows.Select(r => (string)r.Attribute("data-device")!));
        Assert.Equal("15", (string?)rows[0].Attribute("data-battery"));
        Assert.Equal("2", (string?)rows[0].Attribute("data-gaps"));
        Assert.Equal("2", (string?)rows[0].Attribute("data-gap-minutes"));
        Assert.Equal("5", (string?)rows[0].Attribute("data-lost"));
        Assert.Contains("low: charge it", rows[0].Value, StringComparison.Ordinal);
        Assert.Contains("unknown", rows[1].Value, StringComparison.Ordinal);
        // Reported every interval but never heard from: no "last heard" time.
        Assert.Contains("not this week; last state reconnecting", rows[2].Value, StringComparison.Ordinal);
        Assert.Contains("Mon 23 Nov 08:02; last state streaming", rows[0].Value, StringComparison.Ordinal);
        Assert.DoesNotContain(page.Descendants(), e => (string?)e.Attribute("id") == "no-device-data");
    }

    [Fact]
    public void Write_WithoutTelemetry_SaysBatteryAndGapsAreUnknown()
    {
        DailySummary[] days = [Day(Monday, wearMinutes: 780, steps: 7000, jumps: 55)];
        XDocument page = Parse(HtmlReportWriter.Write(WeeklyReport.Build("p01", Monday, days, new Targets(), ownTargets: false, Helsinki, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero))));

        Assert.Contains("battery levels and connection gaps are unknown", page.Descendants().Single(e => (string?)e.Attribute("id") == "no-device-data").Value, StringComparison.Ordinal);
        Assert.DoesNotContain(page.Descendants(), e => e.Attribute("data-device") is not null);
    }

    [Fact]
    public void Write_WristWeek_ShowsSecondsAboveThresholdsInsteadOfHipBands()
    {
        DailySummary[] days = [Day(Monday, wearMinutes: 780, steps: 7000, jumps: 0) with { Placement = Placement.Wrist, SecondsAbove750Mg = 90, SecondsAbove1000Mg = 30 }];
        XDocument page = Parse(HtmlReportWriter.Write(WeeklyReport.Build("p01", Monday, days, new Targets(), ownTargets: false, Helsinki, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero))));
        XElement[] monday = [.. page.Descendants().Where(e => (string?)e.Attribute("data-chart") == "impacts" && (string?)e.Attribute("data-date") == "2026-11-23")];
        Assert.Equal(["seconds >= 0.75 g:90", "seconds >= 1.0 g:30"], monday.Select(b => $"{(string?)b.Attribute("data-series")}:{(string?)b.Attribute("data-value")}").Order(StringComparer.Ordinal));
    }

    private static DailySummary Day(DateOnly date, int wearMinutes, int steps, int jumps) => new()
    {
        Date = date,
        WearMinutes = wearMinutes,
        Steps = steps,
        Jumps = jumps,
        JumpSessions = jumps > 0 ? 1 : 0,
        MostJumpsInSession = jumps,
        MaxJumpHeightCm = jumps > 0 ? 20 : 0,
        MeanJumpHeightCm = jumps > 0 ? 15 : 0,
        Load = 12.5,
        ActiveMinutes = 30,
        Placement = Placement.Hip,
        ImpactBandCounts = [10, 5, 3, jumps, 0],
    };

    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }
}
