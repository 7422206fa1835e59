using System.Globalization;
using System.Text;
using LoadSense.Core;
using LoadSense.Core.Scoring;

namespace LoadSense.Cli.Reports;

/// <summary>
/// Writes a weekly report as one self-contained HTML file: inline CSS, charts as inline SVG, no
/// script and no reference to anything outside the file. The markup is well-formed XML, so tests
/// can read it with an XML parser. Every bar carries <c>data-chart</c>, <c>data-date</c> (or
/// <c>data-week</c>), <c>data-series</c> and <c>data-value</c> (the stored number).
/// </summary>
internal static class HtmlReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Below this a sensor may not last another day of continuous streaming.
    private const int LowBatteryPercent = 20;

    public static string Write(WeeklyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        WeeklySummary week = report.Week;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        html.Append(Invariant, $"<title>LoadSense weekly report: {E(week.PatientId)}, {week.Week}</title>");
        html.Append("<style>").Append(Css).Append("</style></head><body>");

        html.Append(Invariant, $"<header><h1>Bone-loading week <span class=\"week\">{week.Week}</span></h1>");
        html.Append(Invariant, $"<p class=\"meta\">Patient <strong id=\"patient\">{E(week.PatientId)}</strong> · {Day(week.Days[0].Date, "d MMM")} to {Day(week.Days[^1].Date, "d MMM yyyy")} · days in {E(report.Zone.Id)}</p>");
        int met = week.Results.Count(r => r.Met);
        html.Append(Invariant, $"<p class=\"verdict\" id=\"verdict\" data-met=\"{met}\" data-targets=\"{week.Results.Count}\">{Verdict(report, met)}</p></header>");
        html.Append(Notices(report));

        html.Append("<main>");
        if (!report.IsEmpty)
        {
            html.Append("<section class=\"charts\" aria-label=\"charts\">");
            html.Append(LoadCard(report));
            html.Append(ImpactCard(report));
            html.Append(JumpCard(report));
            html.Append(LiftCard(report));
            html.Append(StepCard(report));
            html.Append(WearCard(report));
            html.Append(TrendCard(report));
            html.Append("</section>");
        }
        else
        {
            html.Append("<section class=\"charts\" aria-label=\"charts\">").Append(TrendCard(report)).Append("</section>");
        }

        html.Append("<div class=\"text\">");
        html.Append(TargetsSection(report));
        html.Append(CoverageSection(report));
        html.Append(MethodSection());
        html.Append("</div></main>");
        html.Append(Invariant, $"<footer>Made by loadsense on {report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC from the patient's stored daily summaries. Targets: {(report.OwnTargets ? "the patient's own (loadsense targets set)" : "the defaults")}.</footer>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Verdict(WeeklyReport report, int met)
    {
        WeeklySummary week = report.Week;
        if (report.IsEmpty)
        {
            return "No data was recorded this week.";
        }

        return met == week.Results.Count
            ? $"All {week.Results.Count} weekly targets met."
            : $"{met} of {week.Results.Count} weekly targets met.";
    }

    private static string Notices(WeeklyReport report)
    {
        var text = new StringBuilder();
        if (report.IsEmpty)
        {
            bool future = report.Days.All(d => d.Coverage == Coverage.Future);
            text.Append("<section class=\"notice empty\" id=\"no-data\"><h2>No data was recorded</h2>");
            text.Append(future
                ? "<p>This week has not started yet, so nothing could be recorded.</p>"
                : "<p>Nothing was stored for this patient in this week. That does not mean she did no exercise. Usually one of these is why:</p>" +
                  "<ul><li>the sensor was not worn, or its battery ran out;</li>" +
                  "<li>the sensor was not paired, or its data was not copied off it;</li>" +
                  "<li>the recordings have not been analysed yet (<code>loadsense analyze FILE --patient ID</code>);</li>" +
                  "<li>the data was stored under another patient id or another database.</li></ul>");
            text.Append("</section>");
            return text.ToString();
        }

        ReportDay[] future2 = [.. report.Days.Where(d => d.Coverage == Coverage.Future)];
        if (future2.Length > 0)
        {
            text.Append(Invariant, $"<p class=\"notice partial\" id=\"partial\">This week is not over: it has data up to {Day(report.Today, "ddd d MMM")}; {Names(future2)} {(future2.Length == 1 ? "has" : "have")} not happened yet, so targets not met so far can still be met.</p>");
        }

        ReportDay[] missing = [.. report.Days.Where(d => d.Coverage is Coverage.None or Coverage.LowWear)];
        if (missing.Length > 0)
        {
            text.Append(Invariant, $"<p class=\"notice missing\" id=\"missing\">Missing data on {Names(missing)}: the sensor was worn less than {WeeklyReport.ValidDayWearMinutes / 60} hours, so their low numbers are missing data, not low activity (hatched or empty bars).</p>");
        }

        return text.ToString();
    }

    private static string LoadCard(WeeklyReport report)
    {
        Targets targets = report.Week.Targets;
        var chart = new SvgBarChart("load", "date", [.. report.Days.Select(d => DayBar(d, [new BarPart("load", Round(d.Summary.Load, 3), d.Summary.Load, 0)],
            above: d.Summary.Load > 0 ? d.Summary.Load.ToString("0", Invariant) : null,
            extra: new Dictionary<string, string> { ["osteogenic-index"] = SvgBarChart.Number(Round(d.Summary.OsteogenicIndex, 3)) }))],
            TargetLine: targets.DailyLoad > 0 ? targets.DailyLoad : null, TargetLabel: $"target {targets.DailyLoad:0.#} g");
        string note = targets.DailyLoad > 0
            ? $"Line: the daily load target of {targets.DailyLoad:0.#} g."
            : "No daily load target is set (loadsense targets set --daily-load X).";
        return Card("load", "Osteogenic load per day", "daily stress stimulus, g", chart, note,
            ("osteogenic index", report.Days.Select(d => d.Summary.OsteogenicIndex.ToString("0.0", Invariant))));
    }

    private static string ImpactCard(WeeklyReport report)
    {
        bool hip = report.Days.Any(d => d.Summary.Placement == Placement.Hip && d.Summary.WearMinutes > 0);
        if (hip)
        {
            IReadOnlyList<string> labels = ImpactBands.Labels(Placement.Hip);
            var chart = new SvgBarChart("impacts", "date", [.. report.Days.Select(d => DayBar(d,
                [.. labels.Select((label, band) => new BarPart(label, d.Summary.ImpactBandCounts[band], d.Summary.ImpactBandCounts[band], band))],
                above: null, extra: null))]);
            return Card("impacts", "Impacts per band (hip)", "peaks per day, stacked by size", chart,
                Legend(labels) + " Bands: Vainionpää et al. 2006; peaks of 3.9 g and more tracked hip bone density.");
        }

        var wrist = new SvgBarChart("impacts", "date", [.. report.Days.Select(d => DayBar(d,
            [new BarPart("seconds >= 0.75 g", d.Summary.SecondsAbove750Mg, d.Summary.SecondsAbove750Mg, 1), new BarPart("seconds >= 1.0 g", d.Summary.SecondsAbove1000Mg, d.Summary.SecondsAbove1000Mg, 3)],
            above: null, extra: null))], Stacked: false);
        return Card("impacts", "High-intensity seconds (wrist)", "seconds per day with ENMO at or above 0.75 g and 1.0 g", wrist,
            Legend(["0.75 g", "1.0 g"], [1, 3]) + " Hip impact bands are never applied to wrist data (Stiles et al. 2017 thresholds instead).");
    }

    private static string JumpCard(WeeklyReport report)
    {
        Targets targets = report.Week.Targets;
        var chart = new SvgBarChart("jumps", "date", [.. report.Days.Select(d => DayBar(d, [new BarPart("jumps", d.Summary.Jumps, d.Summary.Jumps, 0)],
            above: d.Summary.Jumps > 0 ? d.Summary.Jumps.ToString(Invariant) : null,
            extra: new Dictionary<string, string>
            {
                ["sessions"] = d.Summary.JumpSessions.ToString(Invariant),
                ["most-in-session"] = d.Summary.MostJumpsInSession.ToString(Invariant),
                ["best-cm"] = SvgBarChart.Number(Round(d.Summary.MaxJumpHeightCm, 1)),
                ["mean-cm"] = SvgBarChart.Number(Round(d.Summary.MeanJumpHeightCm, 1)),
            }))], TargetLine: targets.JumpsPerSession, TargetLabel: $"{targets.JumpsPerSession} a session");
        return Card("jumps", "Jump sessions", "jumps per day", chart, $"Line: {targets.JumpsPerSession} jumps in one session, wanted on {targets.JumpDaysPerWeek} days.",
            ("sessions", report.Days.Select(d => Blank(d, d.Summary.JumpSessions.ToString(Invariant)))),
            ("best cm", report.Days.Select(d => Blank(d, d.Summary.Jumps > 0 ? d.Summary.MaxJumpHeightCm.ToString("0.0", Invariant) : "–"))),
            ("mean cm", report.Days.Select(d => Blank(d, d.Summary.Jumps > 0 ? d.Summary.MeanJumpHeightCm.ToString("0.0", Invariant) : "–"))));
    }

    private static string LiftCard(WeeklyReport report)
    {
        Targets targets = report.Week.Targets;
        var chart = new SvgBarChart("lifts", "date", [.. report.Days.Select(d => DayBar(d, [new BarPart("sets", d.Summary.LiftSets, d.Summary.LiftSets, 2)],
            above: d.Summary.LiftSets > 0 ? $"{d.Summary.LiftReps} reps" : null,
            extra: new Dictionary<string, string> { ["reps"] = d.Summary.LiftReps.ToString(Invariant) }))],
            TargetLine: targets.SetsPerResistanceDay, TargetLabel: $"{targets.SetsPerResistanceDay} sets");
        return Card("lifts", "Resistance training", "sets per day (repetitions above the bars)", chart,
            $"Line: {targets.SetsPerResistanceDay} sets make a resistance day; {targets.ResistanceDaysPerWeek} such days wanted.",
            ("reps", report.Days.Select(d => Blank(d, d.Summary.LiftReps.ToString(Invariant)))));
    }

    private static string StepCard(WeeklyReport report)
    {
        var chart = new SvgBarChart("steps", "date", [.. report.Days.Select(d => DayBar(d, [new BarPart("steps", d.Summary.Steps, d.Summary.Steps, 4)],
            above: null, extra: new Dictionary<string, string> { ["active-minutes"] = d.Summary.ActiveMinutes.ToString(Invariant) }))]);
        int active = report.Week.Days.Sum(d => d.ActiveMinutes);
        return Card("steps", "Steps", "steps per day", chart,
            $"Active minutes this week: {active} (target {report.Week.Targets.ActiveMinutesPerWeek}).",
            ("active min", report.Days.Select(d => Blank(d, d.Summary.ActiveMinutes.ToString(Invariant)))));
    }

    private static string WearCard(WeeklyReport report)
    {
        var chart = new SvgBarChart("wear", "date", [.. report.Days.Select(d => DayBar(d, [new BarPart("wear minutes", d.Summary.WearMinutes, d.Summary.WearMinutes / 60.0, 5)],
            above: d.Summary.WearMinutes > 0 ? (d.Summary.WearMinutes / 60.0).ToString("0.#", Invariant) : null, extra: null))],
            TargetLine: WeeklyReport.ValidDayWearMinutes / 60.0, TargetLabel: "valid day");
        return Card("wear", "Wear time", "hours the sensor was worn", chart,
            $"A day needs {WeeklyReport.ValidDayWearMinutes / 60} hours of wear to count as a full day (Troiano et al. 2008); less is shown hatched as missing data, not as low activity.");
    }

    private static string TrendCard(WeeklyReport report)
    {
        var bars = report.Trend.Select(w =>
        {
            int met = w.Summary.Results.Count(r => r.Met);
            Coverage coverage = w.DaysWithData == 0 ? Coverage.None : Coverage.Worn;
            return new Bar(w.Summary.Week, "W" + w.Summary.Week[^2..], [new BarPart("mean daily load", Round(w.MeanLoad, 3), w.MeanLoad, 0)], coverage,
                Above: $"{met}/{w.Summary.Results.Count}",
                Attributes: new Dictionary<string, string>
                {
                    ["targets-met"] = met.ToString(Invariant),
                    ["targets"] = w.Summary.Results.Count.ToString(Invariant),
                    ["days-with-data"] = w.DaysWithData.ToString(Invariant),
                    ["jumps"] = w.Summary.Days.Sum(d => d.Jumps).ToString(Invariant),
                    ["steps"] = w.Summary.Days.Sum(d => d.Steps).ToString(Invariant),
                });
        }).ToList();
        var chart = new SvgBarChart("trend", "week", bars);
        return Card("trend", $"Last {WeeklyReport.TrendWeeks} weeks", "mean daily load, g (targets met above the bars)", chart,
            "Weeks without any data are shown empty; the mean is over days with data.");
    }

    private static string TargetsSection(WeeklyReport report)
    {
        WeeklySummary week = report.Week;
        Targets t = week.Targets;
        var text = new StringBuilder("<section class=\"targets\" id=\"targets\"><h2>Targets this week</h2><ul>");
        for (int i = 0; i < week.Results.Count; i++)
        {
            TargetResult r = week.Results[i];
            string sentence = i switch
            {
                0 => $"Jumping: {Times(r.Achieved, "day")} with a session of at least {t.JumpsPerSession} jumps; the target is {Times(r.Target, "day")}.",
                1 => $"Resistance training: {Times(r.Achieved, "day")} with at least {t.SetsPerResistanceDay} sets; the target is {Times(r.Target, "day")}.",
                2 => $"Activity: {r.Achieved:0} active minutes; the target is {r.Target:0} minutes a week.",
                _ => $"Daily load: {Times(r.Achieved, "day")} reached {t.DailyLoad:0.#} g; the target is every day.",
            };
            string gap = r.Met ? "" : $" {Short(r)} to go.";
            text.Append(Invariant, $"<li class=\"{(r.Met ? "met" : "missed")}\" data-target-name=\"{E(r.Name)}\" data-met=\"{(r.Met ? "true" : "false")}\" data-achieved=\"{SvgBarChart.Number(r.Achieved)}\" data-target=\"{SvgBarChart.Number(r.Target)}\"><strong>{(r.Met ? "Met" : "Missed")}.</strong> {E(sentence)}{E(gap)}</li>");
        }

        text.Append(Invariant, $"</ul><p class=\"small\">{(report.OwnTargets ? "These are the patient's own targets." : "Default targets: Bae et al. 2023 (50 jumps a session on 3 days, resistance training 2 days a week) and the WHO (150 active minutes a week).")}</p></section>");
        return text.ToString();
    }

    private static string CoverageSection(WeeklyReport report)
    {
        int valid = report.Days.Count(d => d.Coverage == Coverage.Worn);
        int past = report.Days.Count(d => d.Coverage != Coverage.Future);
        double hours = report.Days.Sum(d => d.Summary.WearMinutes) / 60.0;
        var text = new StringBuilder("<section class=\"coverage\" id=\"coverage\"><h2>Wear and device</h2>");
        text.Append(Invariant, $"<p><span id=\"valid-days\" data-value=\"{valid}\">{valid}</span> of {past} {(past == 1 ? "day" : "days")}{(past < 7 ? " so far" : "")} had at least {WeeklyReport.ValidDayWearMinutes / 60} hours of wear; {hours:0.#} hours in all.");
        ReportDay[] gaps = [.. report.Days.Where(d => d.Coverage is Coverage.None or Coverage.LowWear)];
        text.Append(gaps.Length == 0 ? " No day is missing data." : $" Data gaps: {E(Names(gaps))}.");
        text.Append("</p>");
        if (report.Devices.Count == 0)
        {
            text.Append("<p class=\"small\" id=\"no-device-data\">No sensor telemetry was stored for this week (the recording service writes it; replayed recordings have none), so battery levels and connection gaps are unknown: a flat battery shows here only as a day without data.</p>");
        }
        else
        {
            text.Append("<table class=\"devices\" id=\"devices\"><thead><tr><th>Sensor</th><th>Battery</th><th>Last heard</th><th>Data gaps</th><th>Lost frames</th></tr></thead><tbody>");
            foreach (DeviceHealth d in report.Devices)
            {
                string battery = new Reading(d.BatteryPercent, "%") + (d.BatteryPercent < LowBatteryPercent ? " (low: charge it)" : "");
                string heard = d.LastHeard is { } t
                    ? TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(t * 1000)), report.Zone).ToString("ddd d MMM HH:mm", Invariant)
                    : "not this week";
                text.Append(Invariant, $"<tr data-device=\"{E(d.DeviceId)}\" data-battery=\"{d.BatteryPercent?.ToString(Invariant) ?? ""}\" data-gaps=\"{d.Gaps}\" data-gap-minutes=\"{d.GapMinutes:0.#}\" data-lost=\"{d.LostFrames}\">");
                text.Append(Invariant, $"<td>{E(d.DeviceId)}</td><td>{battery}</td><td>{heard}; last state {E(d.LastState)}</td><td>{Times(d.Gaps, "gap")}, {d.GapMinutes:0.#} min</td><td>{d.LostFrames}</td></tr>");
            }

            text.Append("</tbody></table>");
        }

        text.Append("</section>");
        return text.ToString();
    }

    private static string MethodSection() =>
        "<section class=\"method\" id=\"method\"><h2>How these numbers are computed</h2><ul class=\"small\">" +
        "<li><strong>Load</strong>: each step or jump adds its peak acceleration s (g, gravity included) as s⁴; the daily load is (Σ s⁴)^¼, the daily stress stimulus of Carter and Whalen (exponent unconfirmed). One lift repetition counts as a 2.5 g impact (a clinician's setting; no published conversion exists).</li>" +
        "<li><strong>Osteogenic index</strong>: Σ over sessions of intensity × ln(1 + n), after Turner and Robling 2003 (form unconfirmed).</li>" +
        "<li><strong>Impact bands</strong> (hip only): Vainionpää et al. 2006; Jämsä et al. 2011 and Deere et al. 2012 for context. Wrist data: seconds above 0.75 g and 1.0 g ENMO, Stiles et al. 2017; ENMO after van Hees et al. 2013.</li>" +
        "<li><strong>Jumps</strong>: free fall then a landing peak; height = g·t²/8 from the flight time t. <strong>Steps</strong>: Small et al. 2024 (stepcount), Straczkiewicz et al. 2023 (Oak). <strong>Repetitions</strong>: back-and-forth tilts, 1–5 s each (Morris et al. 2014, RecoFit). Impact signal: 20 Hz Butterworth, Veras et al. 2020.</li>" +
        "<li><strong>Targets</strong>: Bae et al. 2023 (J Bone Metab 30:149-65); WHO 150 active minutes a week; an active minute has 100+ steps (Tudor-Locke et al. 2018) or any jump or repetition. Background: ATAC, MA17, Winters-Stone et al. 2011, Watson et al. 2018 (LIFTMOR), ACSM 2019.</li>" +
        "<li>Details and every setting: docs/scoring.md in the LoadSense repository.</li></ul></section>";

    private static Bar DayBar(ReportDay day, IReadOnlyList<BarPart> parts, string? above, IReadOnlyDictionary<string, string>? extra) =>
        new(day.Summary.Date.ToString("yyyy-MM-dd", Invariant), day.Summary.Date.ToString("ddd", Invariant), parts, day.Coverage, above, extra);

    private static string Card(string id, string title, string subtitle, SvgBarChart chart, string note, params (string Label, IEnumerable<string> Values)[] rows)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"<figure class=\"card\" id=\"card-{id}\"><figcaption><h2>{E(title)}</h2><span class=\"sub\">{E(subtitle)}</span></figcaption>");
        text.Append(chart.Render(title));
        if (rows.Length > 0)
        {
            text.Append("<table class=\"mini\"><tbody>");
            foreach ((string label, IEnumerable<string> values) in rows)
            {
                text.Append(Invariant, $"<tr><th>{E(label)}</th>");
                foreach (string value in values)
                {
                    text.Append(Invariant, $"<td>{E(value)}</td>");
                }

                text.Append("</tr>");
            }

            text.Append("</tbody></table>");
        }

        // A note that starts with markup (a legend) is written as is; plain notes are escaped.
        text.Append(Invariant, $"<p class=\"note\">{(note.StartsWith('<') ? note : E(note))}</p></figure>");
        return text.ToString();
    }

    private static string Legend(IReadOnlyList<string> labels, IReadOnlyList<int>? colors = null)
    {
        var text = new StringBuilder("<span class=\"legend\">");
        for (int i = 0; i < labels.Count; i++)
        {
            text.Append(Invariant, $"<span class=\"key\"><span class=\"swatch c{colors?[i] ?? i}\"></span>{E(labels[i])}</span> ");
        }

        return text.Append("</span>").ToString();
    }

    private static string Blank(ReportDay day, string value) => day.Coverage is Coverage.None or Coverage.Future ? "·" : value;

    private static string Names(IEnumerable<ReportDay> days) => string.Join(", ", days.Select(d => Day(d.Summary.Date, "ddd d MMM")));

    private static string Times(double count, string unit) => $"{count:0} {unit}{(count == 1 ? "" : "s")}";

    private static string Short(TargetResult r) => (r.Target - r.Achieved).ToString("0.#", Invariant) + " more";

    private static string Day(DateOnly date, string format) => date.ToString(format, Invariant);

    private static double Round(double value, int digits) => Math.Round(value, digits);

    private static string E(string text) => SvgBarChart.Escape(text);

    /// <summary>
    /// The style sheet. Screens: cards flow in as many columns as fit (one on a phone). Print: A4,
    /// three columns of small charts, text in two columns, so the whole week fits one page.
    /// It holds no '&lt;' or '&amp;', so the page stays well-formed XML.
    /// </summary>
    private const string Css = """
        :root { --ink: #1f2933; --muted: #5f6b7a; --line: #d5dbe1; --c0: #1f6feb; --c1: #8fb8f4; --c2: #2e8b57; --c3: #e07b00; --c4: #6f42c1; --c5: #0b7a75; --met: #1a7f37; --missed: #b42318; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1100px; padding: 12px; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
        h1 { font-size: 1.35em; margin: 0 0 2px; } h2 { font-size: 1em; margin: 0 0 4px; }
        .meta { margin: 0; color: var(--muted); }
        .verdict { margin: 4px 0 8px; font-weight: 600; font-size: 1.1em; }
        .notice { border-left: 4px solid var(--c3); background: #fff6e5; padding: 6px 10px; margin: 6px 0; }
        .notice.empty { border-color: var(--missed); background: #fdecea; }
        .notice ul { margin: 4px 0; padding-left: 20px; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; }
        .card { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; break-inside: avoid; }
        .card .sub { color: var(--muted); font-size: 0.85em; }
        svg.chart { display: block; width: 100%; height: auto; }
        svg .grid { stroke: #e6e9ed; stroke-width: 0.6; }
        svg text { font-size: 8px; fill: var(--muted); font-family: inherit; }
        svg .above { fill: var(--ink); font-size: 7.5px; }
        svg .target { stroke: var(--missed); stroke-width: 1; stroke-dasharray: 4 2; }
        svg .target-label { fill: var(--missed); font-size: 7.5px; }
        svg .missing { fill: none; stroke: #b8c0c8; stroke-dasharray: 2 2; }
        svg .missing-label { font-size: 7px; }
        .c0 { fill: var(--c0); background: var(--c0); } .c1 { fill: var(--c1); background: var(--c1); } .c2 { fill: var(--c2); background: var(--c2); }
        .c3 { fill: var(--c3); background: var(--c3); } .c4 { fill: var(--c4); background: var(--c4); } .c5 { fill: var(--c5); background: var(--c5); }
        svg .bar { stroke: #fff; stroke-width: 0.4; }
        .legend .key { white-space: nowrap; margin-right: 6px; }
        .swatch { display: inline-block; width: 9px; height: 9px; margin-right: 3px; border-radius: 2px; }
        table.mini { width: 100%; border-collapse: collapse; font-size: 0.8em; table-layout: fixed; }
        table.mini th { text-align: left; font-weight: normal; color: var(--muted); width: 22%; }
        table.mini td { text-align: center; }
        table.devices { width: 100%; border-collapse: collapse; font-size: 0.85em; }
        table.devices th, table.devices td { text-align: left; padding: 0.1em 0.4em 0.1em 0; }
        table.devices th { font-weight: normal; color: var(--muted); }
        .note { margin: 4px 0 0; font-size: 0.8em; color: var(--muted); }
        .text { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 4px 16px; margin-top: 10px; }
        .targets ul { list-style: none; padding: 0; margin: 0; }
        .targets li { padding: 3px 0 3px 10px; border-left: 4px solid var(--line); margin-bottom: 3px; }
        .targets li.met { border-color: var(--met); } .targets li.met strong { color: var(--met); }
        .targets li.missed { border-color: var(--missed); } .targets li.missed strong { color: var(--missed); }
        .method { grid-column: 1 / -1; }
        .method ul { padding-left: 18px; margin: 0; }
        .small { font-size: 0.85em; }
        footer { margin-top: 10px; font-size: 0.75em; color: var(--muted); }
        @media (max-width: 480px) { body { padding: 8px; font-size: 14px; } .charts { grid-template-columns: 1fr; } }
        @page { size: A4 portrait; margin: 8mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 7.5pt; line-height: 1.25; }
          h1 { font-size: 12pt; } .verdict { font-size: 9pt; margin: 2px 0 4px; }
          .notice { padding: 2px 6px; margin: 3px 0; }
          .charts { grid-template-columns: repeat(3, 1fr); gap: 5px; }
          .card { padding: 4px; border-radius: 4px; }
          .text { grid-template-columns: 1fr 1fr; margin-top: 5px; gap: 2px 10px; }
          .method ul { columns: 2; column-gap: 10px; }
          footer { margin-top: 4px; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """;
}
