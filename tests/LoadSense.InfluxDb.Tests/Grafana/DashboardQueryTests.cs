using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Http;
using LoadSense.InfluxDb.Outbox;
using LoadSense.InfluxDb.Tests.Support;
using LoadSense.Storage.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace LoadSense.InfluxDb.Tests.Grafana;

/// <summary>
/// Runs every query of every provisioned Grafana dashboard against a real influxd holding a
/// known synthetic stretch written through <see cref="InfluxDbLoadStore"/>, with Grafana's macros
/// and template variables filled in, and checks the numbers the panels would show.
/// </summary>
[Collection(InfluxdTests.Name)]
public sealed class DashboardQueryTests(InfluxdFixture influxd) : IAsyncLifetime
{
    private const string Patient = "p1";
    private const string OtherPatient = "p2";
    private const double DailyLoadTarget = 27.5;

    // ISO week 2026-W47, Monday 16 to Sunday 22 November; data starts three weeks earlier.
    private static readonly DateOnly Monday = new(2026, 11, 16);
    private static readonly DateOnly FirstDay = Monday.AddDays(-21);
    private static readonly DateTimeOffset WeekFrom = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WeekTo = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(-1);

    private readonly InfluxDbOptions _options = influxd.NewDatabase();
    private readonly List<DailySummary> _days = [];

    public async Task InitializeAsync()
    {
        await using InfluxDbLoadStore store = await InfluxDbLoadStore.OpenAsync(_options);
        Assert.True(await store.TryEnsureDatabaseAsync());
        for (int i = 0; i < 28; i++)
        {
            _days.Add(Day(FirstDay.AddDays(i), i));
        }

        await store.UpsertDaysAsync(Patient, _days);
        await store.UpsertDaysAsync(OtherPatient, [Day(Monday, 40), Day(Monday.AddDays(1), 41), Day(Monday.AddDays(2), 42)]);

        long p1Start = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        await store.AppendAsync(new PatientBatch(Patient, "hip-1", Placement.Hip, [], [.. Enumerable.Range(0, 30).Select(m => Minute(p1Start + (60 * m), steps: 60, jumps: m % 10 == 0 ? 1 : 0, worn: m < 25))]));
        long p2Start = new DateTimeOffset(2026, 11, 17, 14, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        await store.AppendAsync(new PatientBatch(OtherPatient, "wrist-7", Placement.Wrist, [], [.. Enumerable.Range(0, 5).Select(m => Minute(p2Start + (60 * m), steps: 30, jumps: 0, worn: true))]));

        // Hip sensor: a minute of telemetry for each of the 30 minutes, battery falling, one reconnect.
        await store.AppendTelemetryAsync([.. Enumerable.Range(1, 30).Select(m => new DeviceTelemetry(
            Patient, "hip-1", p1Start + (60.0 * m), m == 30 ? "disconnected" : "streaming", 90 - m, -60, Samples: 3000, LostFrames: m % 3 == 0 ? 2 : 0, MalformedFrames: m == 7 ? 1 : 0, Gaps: m == 12 ? 1 : 0, GapSeconds: m == 12 ? 45 : 0, Reconnects: m == 13 ? 1 : 0))]);
        await store.AppendTelemetryAsync([new DeviceTelemetry(OtherPatient, "wrist-7", p2Start + 60, "streaming", null, null, 3000, 0, 0, 0, 0, 0)]);

        // A gateway offline from 08:00 reports its backlog twice, then comes back and sends both reports.
        var offline = new InfluxDbOptions { Url = "http://127.0.0.1:1", Database = _options.Database };
        string outbox = Path.Combine(Path.GetTempPath(), $"loadsense-dashboard-{Guid.NewGuid():N}.db");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero));
        await using (OutboxLoadStore gateway = await OutboxLoadStore.OpenAsync(offline, new OutboxOptions { Path = outbox }, clock))
        {
            await gateway.RecordBacklogAsync("gw-1");
            clock.Advance(TimeSpan.FromHours(3));
            await gateway.RecordBacklogAsync("gw-1");
        }

        await using (OutboxLoadStore gateway = await OutboxLoadStore.OpenAsync(_options, new OutboxOptions { Path = outbox }, clock))
        {
            Assert.Equal(0, (await gateway.Sender.DrainAsync(retry: true)).PendingBatches);
        }

        File.Delete(outbox);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Dashboards_AllFour_AreProvisionedReadOnlyAgainstTheProvisionedDatasource()
    {
        string uid = GrafanaDashboards.ProvisionedDatasourceUid();
        var titles = new List<string>();
        foreach (string file in GrafanaDashboards.DashboardFiles())
        {
            using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(file));
            JsonElement root = dashboard.RootElement;
            titles.Add(root.GetProperty("title").GetString()!);
            Assert.False(root.GetProperty("editable").GetBoolean(), file);
            Assert.Equal("monday", root.GetProperty("weekStart").GetString());
            Assert.Equal("utc", root.GetProperty("timezone").GetString());
            Assert.All(GrafanaDashboards.Queries(root), q => Assert.Equal(uid, q.DatasourceUid));
        }

        Assert.Equal(["Clinic overview", "Devices", "Patient trend", "Patient week"], titles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryPanelQuery_OfEveryDashboard_RunsWithoutErrorAndReturnsData()
    {
        int queries = 0;
        foreach (string file in GrafanaDashboards.DashboardFiles())
        {
            using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(file));
            foreach ((PanelQuery query, JsonElement result) in await RunDashboardAsync(dashboard.RootElement))
            {
                queries++;
                Assert.True(result.TryGetProperty("series", out JsonElement series) && series.GetArrayLength() > 0, $"{query} returned no series for the known weeks");
            }
        }

        Assert.True(queries >= 25, $"only {queries} queries found");
    }

    [Fact]
    public async Task PatientWeek_Panels_ShowTheStoredDays()
    {
        Dictionary<string, JsonElement> r = await RunAsync("patient-week.json");
        DailySummary[] week = [.. _days.Where(d => d.Date >= Monday)];

        JsonElement load = Single(r["Daily load and target/A"]);
        Assert.Equal(7, load.GetProperty("values").GetArrayLength());
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(DayMicros(Monday.AddDays(i)), Cell(load, i, "time").GetInt64());
            Assert.Equal(week[i].Load, Cell(load, i, "load").GetDouble(), 9);
        }

        JsonElement target = Single(r["Daily load and target/B"]);
        Assert.All(Enumerable.Range(0, 7), i => Assert.Equal(DailyLoadTarget, Cell(target, i, "target").GetDouble(), 9));

        JsonElement bands = Single(r["Impact counts per band/A"]);
        for (int band = 1; band <= 5; band++)
        {
            Assert.Equal(week[0].ImpactBandCounts[band - 1], Cell(bands, 0, "band " + band).GetInt32());
        }

        Assert.Equal(week.Count(d => d.MostJumpsInSession >= 50), Scalar(r["Jump days (≥ $jumps_per_session jumps in a session)/A"]));
        Assert.Equal(week.Count(d => d.LiftSets >= 2), Scalar(r["Resistance days (≥ $sets_per_day sets)/A"]));
        Assert.Equal(week.Sum(d => d.ActiveMinutes), Scalar(r["Active minutes this week/A"]));
        Assert.Equal(7, Scalar(r["Days with data/A"]));

        JsonElement jumps = Single(r["Jumps and jump sessions/A"]);
        Assert.Equal(week[0].Jumps, Cell(jumps, 0, "jumps").GetInt32());
        JsonElement heights = Single(r["Jump height/A"]);
        Assert.Equal(week.Count(d => d.Jumps > 0), heights.GetProperty("values").GetArrayLength());
        Assert.Equal(week[0].MaxJumpHeightCm, Cell(heights, 0, "best").GetDouble(), 4);

        JsonElement lifts = Single(r["Lift sets and repetitions/A"]);
        Assert.Equal(week[1].LiftReps, Cell(lifts, 1, "repetitions").GetInt32());
        Assert.Equal(week[6].Steps, Cell(Single(r["Steps and active minutes/A"]), 6, "steps").GetInt32());
        Assert.Equal(week[6].WearMinutes / 60.0, Cell(Single(r["Wear time per day/A"]), 6, "hours worn").GetDouble(), 9);

        // Minutes 09:00-09:29 UTC on Monday: one local hour in Europe/London (UTC+0 in November).
        JsonElement hours = Single(r["Activity by hour (patient's local time)/A"]);
        Assert.Equal(1, hours.GetProperty("values").GetArrayLength());
        Assert.Equal(30 * 60, Cell(hours, 0, "steps").GetInt32());
        Assert.Equal(3, Cell(hours, 0, "jumps").GetInt32());
    }

    [Fact]
    public async Task PatientTrend_WeeklyTotals_StartOnMondayAndSumTheWeek()
    {
        var from = new DateTimeOffset(Monday.AddDays(-7 * 25).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        Dictionary<string, JsonElement> r = await RunAsync("patient-trend.json", from, WeekTo);

        JsonElement weekly = Single(r["Weekly load/A"]);
        for (int w = 0; w < 4; w++)
        {
            DateOnly weekStart = FirstDay.AddDays(7 * w);
            int row = RowAt(weekly, DayMicros(weekStart));
            double expected = _days.Where(d => d.Date >= weekStart && d.Date < weekStart.AddDays(7)).Sum(d => d.Load);
            Assert.Equal(expected, Cell(weekly, row, "weekly load").GetDouble(), 6);
        }

        Assert.Equal(0, Cell(weekly, 0, "weekly load").GetDouble());
        JsonElement jumpDays = Single(r["Jumps and jump days per week/B"]);
        Assert.Equal(_days.Count(d => d.Date >= Monday && d.MostJumpsInSession >= 50), Cell(jumpDays, RowAt(jumpDays, DayMicros(Monday)), "jump days").GetInt32());
        JsonElement active = Single(r["Active minutes per week/A"]);
        Assert.Equal(_days.Where(d => d.Date >= Monday).Sum(d => d.ActiveMinutes), Cell(active, RowAt(active, DayMicros(Monday)), "active minutes").GetInt32());
    }

    [Fact]
    public async Task ClinicOverview_OneRowPerPatient_WithWeekLoadAndLastData()
    {
        Dictionary<string, JsonElement> r = await RunAsync("clinic-overview.json");

        JsonElement patients = r["Patients/A"].GetProperty("series");
        Assert.Equal(2, patients.GetArrayLength());
        JsonElement p1 = BySeriesTag(patients, "patient", Patient);
        Assert.Equal(_days.Where(d => d.Date >= Monday).Sum(d => d.Load), Cell(p1, 0, "load").GetDouble(), 6);
        Assert.Equal(7, Cell(p1, 0, "days with data").GetInt32());
        Assert.Equal(3, Cell(BySeriesTag(patients, "patient", OtherPatient), 0, "days with data").GetInt32());

        JsonElement last = BySeriesTag(r["Patients/B"].GetProperty("series"), "patient", Patient);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 9, 29, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000, Cell(last, 0, "time").GetInt64());

        JsonElement trend = BySeriesTag(r["Weekly load per patient/A"].GetProperty("series"), "patient", Patient);
        Assert.Equal(_days.Where(d => d.Date >= Monday.AddDays(-7) && d.Date < Monday).Sum(d => d.Load), Cell(trend, RowAt(trend, DayMicros(Monday.AddDays(-7))), "sum").GetDouble(), 6);
    }

    [Theory]
    [InlineData(22)] // the week's own end: p2's last day was Wednesday
    [InlineData(26)] // four days after the last data: p1's load has fallen too
    public async Task ClinicOverview_FlaggedPatients_ShowRecentWearAndLoadRatio(int lastDayOfNovember)
    {
        var to = new DateTimeOffset(2026, 11, lastDayOfNovember + 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(-1);
        DateOnly lastDay = new(2026, 11, lastDayOfNovember);
        Dictionary<string, JsonElement> r = await RunAsync("clinic-overview.json", to.AddDays(-7), to);

        JsonElement flags = r["Flagged patients/A"].GetProperty("series");
        Assert.Equal(2, flags.GetArrayLength());
        foreach ((string patient, IEnumerable<DailySummary> days) in new[] { (Patient, _days.AsEnumerable()), (OtherPatient, [Day(Monday, 40), Day(Monday.AddDays(1), 41), Day(Monday.AddDays(2), 42)]) })
        {
            // The dashboard's no_data_days defaults to 3; the ratio compares 7 days with the 21 before.
            DailySummary[] all = [.. days];
            double recentHours = all.Where(d => d.Date > lastDay.AddDays(-3) && d.Date <= lastDay).Sum(d => d.WearMinutes) / 60.0;
            double recentLoad = all.Where(d => d.Date > lastDay.AddDays(-7) && d.Date <= lastDay).Sum(d => d.Load);
            DailySummary[] earlier = [.. all.Where(d => d.Date > lastDay.AddDays(-28) && d.Date <= lastDay.AddDays(-7))];
            JsonElement row = BySeriesTag(flags, "patient", patient);

            Assert.Equal(recentHours, Cell(row, 0, "hours worn in the flag window").GetDouble(), 9);
            JsonElement ratio = Cell(row, 0, "load ratio, last 7 days / 3 weeks before");
            if (earlier.Length == 0)
            {
                Assert.Equal(JsonValueKind.Null, ratio.ValueKind);
            }
            else
            {
                Assert.Equal(recentLoad / (earlier.Sum(d => d.Load) / 3), ratio.GetDouble(), 9);
            }
        }

        JsonElement p2 = BySeriesTag(flags, "patient", OtherPatient);
        Assert.Equal(0, Cell(p2, 0, "hours worn in the flag window").GetDouble());
        JsonElement p1Ratio = Cell(BySeriesTag(flags, "patient", Patient), 0, "load ratio, last 7 days / 3 weeks before");
        Assert.True(lastDayOfNovember == 22 ? p1Ratio.GetDouble() > 0.8 : p1Ratio.GetDouble() < 0.8, $"p1's load ratio {p1Ratio} on {lastDay}");
    }

    [Fact]
    public async Task Devices_PerDevice_CountTheStoredMinutes()
    {
        Dictionary<string, JsonElement> r = await RunAsync("devices.json");

        JsonElement devices = r["Devices/A"].GetProperty("series");
        Assert.Equal(2, devices.GetArrayLength());
        JsonElement hip = BySeriesTag(devices, "device", "hip-1");
        Assert.Equal(30, Cell(hip, 0, "minutes with data").GetInt32());
        Assert.Equal(30 * 3000, Cell(hip, 0, "samples in range").GetInt64());
        long nine = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        JsonElement samples = BySeriesTag(r["Samples per hour per device (local time of $tz)/A"].GetProperty("series"), "device", "hip-1");
        Assert.Equal(0, Cell(samples, RowAt(samples, nine - 3_600_000_000), "sum").GetInt64());
        Assert.Equal(30 * 3000, Cell(samples, RowAt(samples, nine), "sum").GetInt64());
        JsonElement worn = BySeriesTag(r["Minutes worn per hour per device/A"].GetProperty("series"), "device", "hip-1");
        Assert.Equal(25, Cell(worn, RowAt(worn, nine), "count").GetInt32());
    }

    [Fact]
    public async Task Devices_Health_ShowsLastBatteryAndSumsLossOverTheRange()
    {
        Dictionary<string, JsonElement> r = await RunAsync("devices.json");

        JsonElement health = r["Device health/A"].GetProperty("series");
        Assert.Equal(2, health.GetArrayLength());
        JsonElement hip = BySeriesTag(health, "device", "hip-1");
        Assert.Equal(Patient, hip.GetProperty("tags").GetProperty("patient").GetString());
        Assert.Equal("disconnected", Cell(hip, 0, "state").GetString());
        Assert.Equal(60, Cell(hip, 0, "battery %").GetDouble());
        Assert.Equal(30 * 3000, Cell(hip, 0, "samples").GetInt64());
        Assert.Equal(10 * 2, Cell(hip, 0, "lost frames").GetInt64());
        Assert.Equal(1, Cell(hip, 0, "malformed frames").GetInt64());
        Assert.Equal(1, Cell(hip, 0, "gaps").GetInt64());
        Assert.Equal(0.75, Cell(hip, 0, "minutes lost in gaps").GetDouble(), 9);
        Assert.Equal(1, Cell(hip, 0, "reconnects").GetInt64());
        Assert.Equal(JsonValueKind.Null, Cell(BySeriesTag(health, "device", "wrist-7"), 0, "battery %").ValueKind);

        // Records at 09:01 to 09:30 (battery 89 to 60) all fall in the 09:00 hour.
        long nine = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        JsonElement battery = BySeriesTag(r["Battery per device/A"].GetProperty("series"), "device", "hip-1");
        Assert.Equal(1, battery.GetProperty("values").GetArrayLength());
        Assert.Equal(74.5, Cell(battery, RowAt(battery, nine), "battery").GetDouble(), 9);
        JsonElement loss = BySeriesTag(r["Packet loss and gaps per hour (local time of $tz)/A"].GetProperty("series"), "device", "hip-1");
        Assert.Equal(10 * 2, Cell(loss, RowAt(loss, nine), "lost frames").GetInt64());
        Assert.Equal(0, Cell(loss, RowAt(loss, nine + 3_600_000_000), "lost frames").GetInt64());
        Assert.Equal(1, Cell(loss, RowAt(loss, nine), "gaps").GetInt64());

        JsonElement gateway = Single(r["Gateways: outbox backlog/A"]);
        Assert.Equal("gw-1", gateway.GetProperty("tags").GetProperty("gateway").GetString());
        Assert.Equal(1, Cell(gateway, 0, "waiting points").GetInt64());
        Assert.Equal(3, Cell(gateway, 0, "longest wait (h)").GetDouble(), 9);
        Assert.Equal(0, Cell(gateway, 0, "dead letters").GetInt64());
        JsonElement backlog = Single(r["Outbox backlog per gateway/A"]);
        Assert.Equal(2, backlog.GetProperty("values").GetArrayLength());
    }

    [Fact]
    public async Task RunDashboard_BrokenQuery_FailsWithTheServersMessage()
    {
        JsonNode dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(GrafanaDashboards.DashboardDirectory, "patient-week.json")))!;
        dashboard["panels"]![4]!["targets"]![0]!["query"] = "SELECT sum(\"load\" FROM \"days\" WHERE $timeFilter";
        using JsonDocument broken = JsonDocument.Parse(dashboard.ToJsonString());

        InfluxDbException error = await Assert.ThrowsAsync<InfluxDbException>(() => RunDashboardAsync(broken.RootElement));

        Assert.Contains("Daily load and target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatientVariable_ListsThePatientsWithDailyData()
    {
        using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(GrafanaDashboards.DashboardDirectory, "patient-week.json")));
        TemplateVariable patient = GrafanaDashboards.Variables(dashboard.RootElement).Single(v => v.Name == "patient");
        using var client = new InfluxDbClient(_options);
        using JsonDocument answer = await client.QueryAsync(patient.Query, CancellationToken.None);

        JsonElement values = answer.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values");
        Assert.Equal([Patient, OtherPatient], values.EnumerateArray().Select(v => v[1].GetString()!));
    }

    [Fact]
    public void Interpolate_MacrosAndVariables_AreFilledInLikeGrafana()
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(1_000);
        var to = DateTimeOffset.FromUnixTimeMilliseconds(2_000);
        var variables = new Dictionary<string, string> { ["patient"] = "a.b/c", ["tz"] = "Europe/Paris", ["patient_x"] = "no" };

        string query = GrafanaDashboards.Interpolate(
            "SELECT x FROM m WHERE \"patient\" =~ /^$patient$/ AND $timeFilter AND time <= ${__to}ms GROUP BY time($__interval) tz('$tz')", from, to, "1d", variables);

        Assert.Equal("SELECT x FROM m WHERE \"patient\" =~ /^a\\.b\\/c$/ AND time >= 1000ms and time <= 2000ms AND time <= 2000ms GROUP BY time(1d) tz('Europe/Paris')", query);
        Assert.Throws<InvalidDataException>(() => GrafanaDashboards.Interpolate("SELECT $unknown FROM m", from, to, "1d", variables));
    }

    private static DailySummary Day(DateOnly date, int i) => new()
    {
        Date = date,
        Steps = 5000 + (i * 100),
        Jumps = i % 2 == 0 ? 55 + i : 12,
        JumpSessions = 1,
        MostJumpsInSession = i % 2 == 0 ? 55 + i : 12,
        MaxJumpHeightCm = 20 + (i * 0.5f),
        MeanJumpHeightCm = 15,
        LiftSets = i % 7 is 1 or 3 ? 3 : i % 7 == 5 ? 1 : 0,
        LiftReps = i % 7 is 1 or 3 ? 27 : i % 7 == 5 ? 8 : 0,
        ImpactBandCounts = [100 + i, 50 + i, 10 + i, i, 1],
        Placement = Placement.Hip,
        Load = 20 + (i * 1.25),
        OsteogenicIndex = 3.5,
        WearMinutes = 780 - i,
        ActiveMinutes = 40 + i,
    };

    private static MinuteAggregate Minute(long start, int steps, int jumps, bool worn) => new()
    {
        MinuteStart = start,
        Samples = 3000,
        Worn = worn,
        Steps = steps,
        Jumps = jumps,
        ImpactBandCounts = [steps, jumps, 0, 0, 0],
        LoadSum = steps * 2.5,
        MaxPeakG = 1.8f,
    };

    private static long DayMicros(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;

    private async Task<Dictionary<string, JsonElement>> RunAsync(string file, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(GrafanaDashboards.DashboardDirectory, file)));
        var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach ((PanelQuery query, JsonElement result) in await RunDashboardAsync(dashboard.RootElement, from, to))
        {
            results.Add($"{query.Panel}/{query.RefId}", result);
        }

        return results;
    }

    /// <summary>Interpolates and runs every panel query; each answer's first statement result, cloned.</summary>
    private async Task<List<(PanelQuery Query, JsonElement Result)>> RunDashboardAsync(JsonElement dashboard, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (TemplateVariable v in GrafanaDashboards.Variables(dashboard))
        {
            variables[v.Name] = v.Name switch
            {
                "patient" => Patient,
                "daily_load_target" => DailyLoadTarget.ToString(CultureInfo.InvariantCulture),
                _ => v.Current ?? throw new InvalidDataException($"Variable {v.Name} has no current value."),
            };
        }

        using var client = new InfluxDbClient(_options);
        var results = new List<(PanelQuery, JsonElement)>();
        foreach (PanelQuery query in GrafanaDashboards.Queries(dashboard))
        {
            string text = GrafanaDashboards.Interpolate(query.Query, from ?? WeekFrom, to ?? WeekTo, "1h", variables);
            try
            {
                using JsonDocument answer = await client.QueryAsync(text, CancellationToken.None);
                results.Add((query, answer.RootElement.GetProperty("results")[0].Clone()));
            }
            catch (InfluxDbException ex)
            {
                throw new InfluxDbException($"{query}: {ex.Message} (query: {text})", ex.Failure);
            }
        }

        return results;
    }

    private static JsonElement Single(JsonElement result)
    {
        JsonElement series = result.GetProperty("series");
        Assert.Equal(1, series.GetArrayLength());
        return series[0];
    }

    private static long Scalar(JsonElement result) => Cell(Single(result), 0, Single(result).GetProperty("columns")[1].GetString()!).GetInt64();

    private static JsonElement Cell(JsonElement series, int row, string column)
    {
        int index = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList().IndexOf(column);
        Assert.True(index >= 0, $"no column '{column}' in {GrafanaDashboards.Describe(series)}");
        return series.GetProperty("values")[row][index];
    }

    private static int RowAt(JsonElement series, long micros)
    {
        int row = series.GetProperty("values").EnumerateArray().Select(v => v[0].GetInt64()).ToList().IndexOf(micros);
        Assert.True(row >= 0, $"no row at {DateTimeOffset.FromUnixTimeMilliseconds(micros / 1000):O} in {GrafanaDashboards.Describe(series)}");
        return row;
    }

    private static JsonElement BySeriesTag(JsonElement series, string tag, string value) =>
        series.EnumerateArray().Single(s => s.GetProperty("tags").GetProperty(tag).GetString() == value);
}
