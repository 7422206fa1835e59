using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LoadSense.Cli.Tests.Reports;

/// <summary>The demo week's report in a real browser (headless Debian Chromium over the DevTools Protocol).</summary>
[Collection(DemoWeekGroup.Name)]
public sealed partial class ReportBrowserTests(DemoWeekFixture week)
{
    [Fact]
    public async Task Report_InChromium_BarsMatchTheStoreNothingIsFetchedAndTheScreenshotHasContent()
    {
        await using ChromiumDevTools browser = await ChromiumDevTools.LaunchAsync();
        await browser.SendAsync("Network.enable");
        await browser.SendAsync("Page.enable");
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1100, ["height"] = 1500, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        string url = new Uri(week.ReportPath).AbsoluteUri;
        await browser.NavigateAsync(url);

        // The bars as laid out by the browser, read back from the DOM.
        JsonNode? bars = await browser.EvaluateAsync(
            "[...document.querySelectorAll('rect.bar')].map(r => ({ chart: r.dataset.chart, date: r.dataset.date, series: r.dataset.series, " +
            "value: Number(r.dataset.value), reps: r.dataset.reps ?? null, height: r.getBoundingClientRect().height }))");
        var rendered = bars!.AsArray().Select(b => (
            Chart: b!["chart"]!.GetValue<string>(), Date: b["date"]?.GetValue<string>(), Series: b["series"]!.GetValue<string>(),
            Value: b["value"]!.GetValue<double>(), Reps: b["reps"]?.GetValue<string>(), Height: b["height"]!.GetValue<double>())).ToList();

        foreach (JsonElement day in week.Days)
        {
            string date = day.GetProperty("date").GetString()!;
            double Value(string chart, string series) => Assert.Single(rendered, b => b.Chart == chart && b.Date == date && b.Series == series).Value;
            Assert.Equal(day.GetProperty("load").GetDouble(), Value("load", "load"), 9);
            Assert.Equal(day.GetProperty("steps").GetInt32(), Value("steps", "steps"));
            Assert.Equal(day.GetProperty("jumps").GetInt32(), Value("jumps", "jumps"));
            Assert.Equal(day.GetProperty("lift_sets").GetInt32(), Value("lifts", "sets"));
            Assert.Equal(day.GetProperty("lift_reps").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                Assert.Single(rendered, b => b.Chart == "lifts" && b.Date == date).Reps);
            Assert.Equal(day.GetProperty("wear_minutes").GetInt32(), Value("wear", "wear minutes"));
            string[] bands = [.. day.GetProperty("impact_bands").EnumerateArray().Select(b => b.GetString()!)];
            int[] impacts = [.. day.GetProperty("impacts").EnumerateArray().Select(b => b.GetInt32())];
            for (int band = 0; band < bands.Length; band++)
            {
                Assert.Equal(impacts[band], Value("impacts", bands[band]));
            }
        }

        // Drawn heights are proportional to the numbers (one scale per chart).
        var steps = rendered.Where(b => b.Chart == "steps").ToList();
        Assert.Equal(7, steps.Count);
        double perStep = steps.Max(b => b.Height) / steps.Max(b => b.Value);
        Assert.All(steps, b => Assert.Equal(b.Value * perStep, b.Height, 0.5));
        Assert.All(rendered.Where(b => b.Value > 0 && b.Chart is "load" or "steps" or "wear"), b => Assert.True(b.Height > 1, $"{b.Chart} {b.Date} has no visible bar"));

        // Nothing but the file itself was requested, by the network stack or by the page.
        string[] requested = [.. browser.Events.Where(e => e.Method == "Network.requestWillBeSent").Select(e => e.Params["request"]!["url"]!.GetValue<string>())];
        Assert.All(requested, u => Assert.True(u == url || u.StartsWith("data:", StringComparison.Ordinal), $"the report fetched {u}"));
        Assert.Equal(0, (await browser.EvaluateAsync("performance.getEntriesByType('resource').length"))!.GetValue<int>());

        // A screenshot with real content: mostly white paper, but charts in their colours.
        JsonObject shot = await browser.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        byte[] png = Convert.FromBase64String(shot["data"]!.GetValue<string>());
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "report-demo-week.png"), png);
        PngImage image = PngImage.Decode(png);
        Assert.True(image.Width >= 1000, $"screenshot is {image.Width} px wide");
        int nonWhite = 0, loadBlue = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                (byte r, byte g, byte b) = image[x, y];
                nonWhite += r < 245 || g < 245 || b < 245 ? 1 : 0;
                // #1f6feb, the colour of the load and jump bars.
                loadBlue += Math.Abs(r - 0x1f) < 12 && Math.Abs(g - 0x6f) < 12 && Math.Abs(b - 0xeb) < 12 ? 1 : 0;
            }
        }

        Assert.True(nonWhite > image.Width * image.Height / 50, $"only {nonWhite} of {image.Width * image.Height} pixels are not white");
        Assert.True(loadBlue > 2000, $"only {loadBlue} pixels have the bars' blue");
    }

    [Fact]
    public async Task Report_OnAPhoneAndOnPaper_FitsTheScreenWidthAndOneA4Page()
    {
        await using ChromiumDevTools browser = await ChromiumDevTools.LaunchAsync();
        await browser.SendAsync("Page.enable");
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 390, ["height"] = 844, ["deviceScaleFactor"] = 2, ["mobile"] = true });
        await browser.NavigateAsync(new Uri(week.ReportPath).AbsoluteUri);

        Assert.True((await browser.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"))!.GetValue<bool>(), "the page scrolls sideways on a phone");
        Assert.Equal(1, (await browser.EvaluateAsync("new Set([...document.querySelectorAll('figure.card')].map(c => Math.round(c.getBoundingClientRect().left))).size"))!.GetValue<int>());

        JsonObject pdf = await browser.SendAsync("Page.printToPDF", new JsonObject { ["preferCSSPageSize"] = true, ["printBackground"] = true });
        string text = Encoding.Latin1.GetString(Convert.FromBase64String(pdf["data"]!.GetValue<string>()));
        Assert.Equal(1, PdfPage().Count(text));
    }

    [GeneratedRegex(@"/Type\s*/Page\b(?!s)")]
    private static partial Regex PdfPage();
}
