using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Http;
using LoadSense.InfluxDb.Tests.Support;
using LoadSense.Storage;
using LoadSense.Storage.Tests;

namespace LoadSense.InfluxDb.Tests;

/// <summary>The store contract against a real influxd, plus what only the InfluxDB store has.</summary>
[Collection(InfluxdTests.Name)]
public sealed class InfluxDbLoadStoreTests(InfluxdFixture influxd) : LoadStoreContractTests
{
    private readonly InfluxDbOptions _options = influxd.NewDatabase();

    protected override async Task<ILoadStore> CreateStoreAsync() => await InfluxDbLoadStore.OpenAsync(_options);

    [Fact]
    public async Task OpenAsync_MissingDatabase_CreatesIt()
    {
        string json = await Influx.RawJsonAsync(_options, "SHOW DATABASES");

        Assert.Contains(_options.Database, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_AwkwardPatientAndDevice_RoundTripExactly()
    {
        const string patient = "ann o'neil, \"x\"=1 \\ äö";
        const string device = "hip 1,left=yes";
        var step = new LoadEvent(T0 + 0.5, LoadEventKind.Step, 1.5f, 5f);

        await Store.AppendAsync(Batch(patient, device, Placement.Hip, [step], [SampleMinutes(T0)[0]]));

        Assert.Equal([step], await ReadAllEventsAsync(patient));
        Assert.Equal(device, Assert.Single(await ReadAllMinutesAsync(patient)).DeviceId);
        Assert.Empty(await ReadAllEventsAsync("ann o'neil"));
    }

    [Fact]
    public async Task AppendTelemetryAsync_Records_HaveTheDocumentedFieldTypesAndOmitUnknownValues()
    {
        await Store.AppendTelemetryAsync(SampleTelemetry("p1", T0));

        string fields = await Influx.RawJsonAsync(_options, "SHOW FIELD KEYS FROM device_telemetry");
        string tags = await Influx.RawJsonAsync(_options, "SHOW TAG KEYS FROM device_telemetry");
        foreach (string field in (string[])["[\"battery_pct\",\"float\"]", "[\"rssi_dbm\",\"float\"]", "[\"gap_seconds\",\"float\"]", "[\"state\",\"string\"]",
            "[\"samples\",\"integer\"]", "[\"lost_frames\",\"integer\"]", "[\"malformed_frames\",\"integer\"]", "[\"gaps\",\"integer\"]", "[\"reconnects\",\"integer\"]"])
        {
            Assert.Contains(field, fields, StringComparison.Ordinal);
        }

        Assert.Contains("[[\"device\"],[\"patient\"]]", tags, StringComparison.Ordinal);
        Assert.Equal(2, await Influx.ScalarAsync(_options, "SELECT count(battery_pct) FROM device_telemetry"));
        Assert.Equal(1, await Influx.ScalarAsync(_options, "SELECT count(rssi_dbm) FROM device_telemetry"));
        Assert.Equal(3, await Influx.ScalarAsync(_options, "SELECT count(samples) FROM device_telemetry"));
    }

    [Fact]
    public async Task AppendAsync_SameBatchTwice_CountedOnceByInfluxQl()
    {
        LoadEvent[] events = [.. Enumerable.Range(0, 1000).Select(i => Step(T0 + (i * 0.3)))];

        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, events, []));
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, events, []));

        Assert.Equal(1000, await Influx.ScalarAsync(_options, "SELECT count(peak_g) FROM events WHERE patient = 'p1'"));
    }

    [Fact]
    public async Task ReadDaysAsync_SameDaysAsSqlite_FromTheSameRows()
    {
        // One local week in Berlin across the October daylight-saving change, summarised from
        // each store's own rows: the daily rows must agree field for field.
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        DateOnly monday = new(2026, 10, 19);
        var random = new Random(7);
        var events = new List<LoadEvent>();
        var minutes = new List<MinuteAggregate>();
        for (int day = 0; day < 7; day++)
        {
            long start = LocalDays.StartOf(monday.AddDays(day), zone) + (9 * 3600);
            for (int m = 0; m < 30; m++)
            {
                long minute = start + (m * 60);
                int steps = random.Next(0, 120);
                int jumps = m % 10 == 0 ? 5 : 0;
                for (int s = 0; s < steps; s++)
                {
                    events.Add(new LoadEvent(minute + (s * 0.45) + 0.000_123, LoadEventKind.Step, 1.2f + (s % 7 * 0.1f), 2.5f));
                }

                for (int j = 0; j < jumps; j++)
                {
                    events.Add(new LoadEvent(minute + 55 + j, LoadEventKind.Jump, 4.5f, 410f, 18f + j));
                }

                minutes.Add(new MinuteAggregate
                {
                    MinuteStart = minute,
                    Samples = 3000,
                    Worn = true,
                    Steps = steps,
                    Jumps = jumps,
                    ImpactBandCounts = [steps, jumps, 0, 0, 0],
                    LoadSum = (steps * 2.5) + (jumps * 410.0),
                    MaxPeakG = jumps > 0 ? 4.5f : 1.8f,
                    MaxJumpHeightCm = jumps > 0 ? 22f : 0,
                    JumpHeightSumCm = jumps > 0 ? 100f : 0,
                });
            }
        }

        string sqlitePath = Path.Combine(Path.GetTempPath(), "loadsense-compare-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using SqliteLoadStore sqlite = await SqliteLoadStore.OpenAsync(new SqliteOptions { Path = sqlitePath });
            IReadOnlyList<DailySummary> fromSqlite = await SummariseWeekAsync(sqlite, events, minutes, monday, zone);
            IReadOnlyList<DailySummary> fromInflux = await SummariseWeekAsync(Store, events, minutes, monday, zone);

            Assert.Equal(7, fromInflux.Count);
            for (int i = 0; i < 7; i++)
            {
                AssertDay(fromSqlite[i], fromInflux[i]);
            }
        }
        finally
        {
            File.Delete(sqlitePath);
        }
    }

    [Fact]
    public async Task ReadEventsAsync_UnreachableServer_ThrowsTransientInfluxDbException()
    {
        var options = new InfluxDbOptions { Url = "http://127.0.0.1:9", Database = "x", TimeoutSeconds = 2 };
        await using InfluxDbLoadStore store = await InfluxDbLoadStore.OpenAsync(options);

        InfluxDbException error = await Assert.ThrowsAsync<InfluxDbException>(() => store.ReadEventsAsync("p1", T0, T0 + 1));

        Assert.Equal(InfluxFailure.Transient, error.Failure);
        Assert.Contains("127.0.0.1:9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_FieldTypeConflict_ThrowsRejectedWithServerMessage()
    {
        await Influx.WriteAsync(_options, $"events,device=hip-1,kind=step,patient=p1,placement=hip peak_g=1i {T0}000000\n");

        InfluxDbException error = await Assert.ThrowsAsync<InfluxDbException>(() => Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [Step(T0 + 1)], [])));

        Assert.Equal(InfluxFailure.Rejected, error.Failure);
        Assert.Contains("field type conflict", error.Message, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<DailySummary>> SummariseWeekAsync(
        ILoadStore store, List<LoadEvent> events, List<MinuteAggregate> minutes, DateOnly monday, TimeZoneInfo zone)
    {
        await store.AppendAsync(new PatientBatch("p1", "hip-1", Placement.Hip, events, minutes));
        var days = new List<DailySummary>();
        for (int d = 0; d < 7; d++)
        {
            DateOnly date = monday.AddDays(d);
            long from = LocalDays.StartOf(date, zone);
            long until = LocalDays.StartOf(date.AddDays(1), zone);
            days.Add(DailyAggregator.Summarize(date, await store.ReadEventsAsync("p1", from, until), await store.ReadMinutesAsync("p1", from, until), new ScoringOptions()));
        }

        await store.UpsertDaysAsync("p1", days);
        return await store.ReadDaysAsync("p1", monday, monday.AddDays(6));
    }
}
