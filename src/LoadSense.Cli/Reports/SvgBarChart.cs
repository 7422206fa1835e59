using System.Globalization;
using System.Net;
using System.Text;

namespace LoadSense.Cli.Reports;

/// <summary>How much of a day (or week) a bar can be trusted: low wear is missing data, not low activity.</summary>
internal enum Coverage
{
    /// <summary>Worn long enough to count as a valid day.</summary>
    Worn,

    /// <summary>Some data, but less wear than a valid day needs.</summary>
    LowWear,

    /// <summary>No data at all.</summary>
    None,

    /// <summary>Has not happened yet.</summary>
    Future,
}

/// <summary>One part of a bar: a series' value (stacked on the parts before it, or drawn from zero when overlaid).</summary>
/// <param name="Series">The series name, written as <c>data-series</c>.</param>
/// <param name="Value">The stored number, written as <c>data-value</c>.</param>
/// <param name="Drawn">The height drawn in the chart's unit (e.g. hours for a value in minutes).</param>
/// <param name="ColorIndex">Which palette colour (0-based) the part uses.</param>
internal sealed record BarPart(string Series, double Value, double Drawn, int ColorIndex);

/// <summary>One bar of a chart: a day or a week.</summary>
/// <param name="Key">The <c>data-date</c> (yyyy-MM-dd) or <c>data-week</c> (yyyy-Www) value.</param>
/// <param name="Label">Axis label, e.g. Mon.</param>
/// <param name="Parts">Its parts, bottom first.</param>
/// <param name="Coverage">Whether the bar shows real activity or missing data.</param>
/// <param name="Above">Short text over the bar, or null.</param>
/// <param name="Attributes">More <c>data-*</c> attributes (names without the prefix) for tests and tooltips.</param>
internal sealed record Bar(string Key, string Label, IReadOnlyList<BarPart> Parts, Coverage Coverage, string? Above = null, IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>A bar chart as inline SVG: no script, no external reference, scales with its container.</summary>
/// <param name="Id">The chart's id, written as <c>data-chart</c> on every bar.</param>
/// <param name="KeyName">The name of the key attribute: <c>date</c> or <c>week</c>.</param>
/// <param name="Bars">The bars, left to right.</param>
/// <param name="Stacked">Whether parts stack (true) or overlay from zero (false, largest first).</param>
/// <param name="TargetLine">A horizontal target line in the drawn unit, or null.</param>
/// <param name="TargetLabel">The text of the target line.</param>
internal sealed record SvgBarChart(string Id, string KeyName, IReadOnlyList<Bar> Bars, bool Stacked = true, double? TargetLine = null, string? TargetLabel = null)
{
    private const double Width = 320, Height = 150, Left = 34, Right = 6, Top = 16, Bottom = 20;

    /// <summary>The chart's SVG element; <paramref name="title"/> is its accessible name.</summary>
    public string Render(string title)
    {
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double top = NiceCeiling(Math.Max(Bars.Select(Total).DefaultIfEmpty(0).Max(), TargetLine ?? 0) * 1.08);
        double Y(double value) => Top + plotHeight - (value / top * plotHeight);
        double slot = plotWidth / Math.Max(Bars.Count, 1), barWidth = Math.Min(slot * 0.62, 34);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"chart-{Id}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<defs><pattern id=\"hatch-{Id}\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#9aa0a6\" stroke-width=\"1.6\"/></pattern></defs>");
        foreach (double tick in new[] { 0, top / 2, top })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(tick))}\" y2=\"{F(Y(tick))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 3}\" y=\"{F(Y(tick) + 3)}\" text-anchor=\"end\">{Short(tick)}</text>");
        }

        for (int i = 0; i < Bars.Count; i++)
        {
            Bar bar = Bars[i];
            double centre = Left + (slot * (i + 0.5)), x = centre - (barWidth / 2);
            string attributes = BarAttributes(bar);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"slot {CoverageName(bar.Coverage)}\">");
            if (bar.Coverage is Coverage.None or Coverage.Future)
            {
                // Missing data is drawn as an empty outline, never as a short bar.
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"missing\" x=\"{F(x)}\" y=\"{F(Top)}\" width=\"{F(barWidth)}\" height=\"{F(plotHeight)}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"missing-label\" x=\"{F(centre)}\" y=\"{F(Top + (plotHeight / 2))}\" text-anchor=\"middle\">{(bar.Coverage == Coverage.Future ? "not yet" : "no data")}</text>");
            }

            double baseline = 0;
            IEnumerable<BarPart> parts = Stacked ? bar.Parts : bar.Parts.OrderByDescending(p => p.Drawn);
            foreach (BarPart part in parts)
            {
                double from = Stacked ? baseline : 0, to = from + part.Drawn;
                string fill = bar.Coverage == Coverage.LowWear ? $" fill=\"url(#hatch-{Id})\"" : "";
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar c{part.ColorIndex}\"{fill} data-chart=\"{Id}\" {attributes} data-series=\"{Escape(part.Series)}\" data-value=\"{Number(part.Value)}\" x=\"{F(x)}\" y=\"{F(Y(to))}\" width=\"{F(barWidth)}\" height=\"{F(Y(from) - Y(to))}\"><title>{Escape(bar.Label)} {Escape(bar.Key)}: {Escape(part.Series)} {Number(part.Value)}</title></rect>");
                baseline = to;
            }

            string? above = bar.Coverage == Coverage.LowWear ? "low wear" : bar.Above;
            if (above is not null && bar.Coverage is not (Coverage.None or Coverage.Future))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"above\" x=\"{F(centre)}\" y=\"{F(Y(Total(bar)) - 3)}\" text-anchor=\"middle\">{Escape(above)}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{F(centre)}\" y=\"{F(Height - 6)}\" text-anchor=\"middle\">{Escape(bar.Label)}</text></g>");
        }

        if (TargetLine is double target && target > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" data-target=\"{Number(target)}\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(target))}\" y2=\"{F(Y(target))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"target-label\" x=\"{Width - Right}\" y=\"{F(Y(target) - 3)}\" text-anchor=\"end\">{Escape(TargetLabel ?? "target")}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A number as written in <c>data-value</c>: invariant culture, shortest round-trip form.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Text escaped for HTML and XML.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public static string CoverageName(Coverage coverage) => coverage switch
    {
        Coverage.Worn => "worn",
        Coverage.LowWear => "low-wear",
        Coverage.None => "no-data",
        _ => "future",
    };

    private string BarAttributes(Bar bar)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"data-{KeyName}=\"{Escape(bar.Key)}\" data-coverage=\"{CoverageName(bar.Coverage)}\"");
        foreach ((string name, string value) in bar.Attributes ?? new Dictionary<string, string>())
        {
            text.Append(CultureInfo.InvariantCulture, $" data-{name}=\"{Escape(value)}\"");
        }

        return text.ToString();
    }

    private double Total(Bar bar) => Stacked ? bar.Parts.Sum(p => p.Drawn) : bar.Parts.Select(p => p.Drawn).DefaultIfEmpty(0).Max();

    /// <summary>The next of 1, 2, 2.5, 5 × 10ⁿ at or above <paramref name="value"/> (1 for an empty chart), so that axis ticks read well.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Short(double value) => value switch
    {
        >= 10_000 => (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 10 => value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
