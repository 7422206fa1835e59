using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LoadSense.InfluxDb.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LoadSense.Cli.Tests.Commands;

/// <summary>The loadsense process with Store=influxdb against a real influxd.</summary>
[Collection(InfluxdTests.Name)]
public sealed class InfluxDbCommandTests(InfluxdFixture influxd) : IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Demo_StoreInfluxDb_PrintsTheSameWeekAsSqlite()
    {
        // 2026-W43 ends with the end of daylight saving time in Helsinki (Sunday 25 October).
        string sqliteJson = Path.Combine(_cli.Directory, "sqlite.json");
        string influxJson = Path.Combine(_cli.Directory, "influx.json");
        var (sqliteCode, sqliteOut, sqliteErr) = await _cli.RunAsync("demo", "--week", "2026-W43", "--json", sqliteJson);
        Assert.True(sqliteCode == 0, sqliteErr);

        var (code, stdout, stderr) = await _cli.RunAsync(Influx(NewDatabase()), "demo", "--week", "2026-W43", "--json", influxJson);

        Assert.True(code == 0, stderr);
        Assert.Equal(sqliteOut, stdout);
        Assert.Equal(File.ReadAllText(sqliteJson), File.ReadAllText(influxJson));
    }

    [Fact]
    public async Task Analyze_KilledMidStreamThenSynced_EveryEventThatReachedTheOutboxArrivesOnce()
    {
        string recording = Path.Combine(_cli.Directory, "day.csv.gz");
        Assert.Equal(0, (await _cli.RunAsync("simulate", recording, "--hours", "12", "--rate", "100")).ExitCode);
        string[] analyze = ["analyze", recording, "--placement", "hip", "--patient", "p1", "--start", "2026-01-05T06:00:00Z"];

        string reference = NewDatabase();
        var (refCode, _, refErr) = await _cli.RunAsync(Influx(reference), analyze);
        Assert.True(refCode == 0, refErr);
        HashSet<string> all = await EventKeysAsync(reference);

        string killed = NewDatabase();
        Dictionary<string, string> environment = Influx(killed);
        using (Process process = _cli.Start(environment, analyze))
        {
            var watch = Stopwatch.StartNew();
            // Kill as soon as the first events are safe: in the outbox (the writer batches for up to a
            // second before sending) or already in InfluxDB.
            string outboxPath = Path.Combine(_cli.Directory, "data", "loadsense", "outbox.db");
            while (!process.HasExited && !InOutbox(outboxPath) && (await EventKeysAsync(killed)).Count == 0 && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(20);
            }

            Assert.False(process.HasExited, "analyze finished before it could be killed; lengthen the recording");
            process.Kill();
            await process.WaitForExitAsync();
        }

        HashSet<string> beforeSync = await EventKeysAsync(killed);
        HashSet<string> inOutbox = OutboxEventKeys(Path.Combine(_cli.Directory, "data", "loadsense", "outbox.db"));
        var (syncCode, syncOut, syncErr) = await _cli.RunAsync(environment, "sync");
        HashSet<string> afterSync = await EventKeysAsync(killed);

        Assert.True(syncCode == 0, syncErr);
        Assert.Contains("0 waiting", syncOut, StringComparison.Ordinal);
        Assert.True(afterSync.Count < all.Count, $"the kill came too late: {afterSync.Count} of {all.Count} events");
        Assert.Equal(beforeSync.Union(inOutbox).Order(), afterSync.Order());
        Assert.Subset(all, afterSync);

        // Running the whole recording again fills in the rest and doubles nothing.
        var (rerunCode, _, rerunErr) = await _cli.RunAsync(environment, analyze);
        Assert.True(rerunCode == 0, rerunErr);
        Assert.Equal(all.Order(), (await EventKeysAsync(killed)).Order());
    }

    [Fact]
    public async Task Analyze_RawSamplesOnWithoutStart_SamplesAndResultsShareTheDefaultStart()
    {
        string recording = Path.Combine(_cli.Directory, "relative.csv.gz");
        Assert.Equal(0, (await _cli.RunAsync("simulate", recording, "--hours", "0.1", "--rate", "50")).ExitCode);
        long modified = new DateTimeOffset(File.GetLastWriteTimeUtc(recording), TimeSpan.Zero).ToUnixTimeSeconds();
        string database = NewDatabase();
        Dictionary<string, string> environment = Influx(database);
        environment["LOADSENSE_InfluxDb__RawSamples"] = "true";

        var (code, _, stderr) = await _cli.RunAsync(environment, "analyze", recording, "--placement", "hip", "--patient", "p1");

        Assert.True(code == 0, stderr);
        string raw = $"\"{database}\".\"loadsense_raw\".\"raw_samples\"";
        Assert.Equal(18_000, await CountAsync(database, $"SELECT count(x) FROM {raw}"));
        // The default start is the modification time minus the duration, rounded down to the minute:
        // the last sample lies in the minute before the file was written, the first in the first stored minute.
        Assert.InRange(modified - await TimeAsync(database, $"SELECT last(x) FROM {raw}"), 0, 60);
        long firstRaw = await TimeAsync(database, $"SELECT first(x) FROM {raw}");
        Assert.Equal(await TimeAsync(database, "SELECT first(samples) FROM minutes"), firstRaw - (firstRaw % 60));
    }

    [Fact]
    public async Task Analyze_RawSamplesOn_EverySampleLandsOnTheRawRetentionPolicy()
    {
        string recording = Path.Combine(_cli.Directory, "short.csv.gz");
        Assert.Equal(0, (await _cli.RunAsync("simulate", recording, "--hours", "0.1", "--rate", "50")).ExitCode);
        string start = TimeProvider.System.GetUtcNow().AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string database = NewDatabase();
        Dictionary<string, string> environment = Influx(database);
        environment["LOADSENSE_InfluxDb__RawSamples"] = "true";

        var (code, stdout, stderr) = await _cli.RunAsync(environment, "analyze", recording, "--placement", "wrist", "--patient", "p1", "--start", start);

        Assert.True(code == 0, stderr);
        long samples = long.Parse(stdout.Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.Equal(18_000, samples);
        Assert.Equal(samples, await CountAsync(database, $"SELECT count(x) FROM \"{database}\".\"loadsense_raw\".\"raw_samples\" WHERE patient = 'p1' AND placement = 'wrist'"));
        Assert.Equal(0, await CountAsync(database, "SELECT count(x) FROM raw_samples"));
    }

    [Fact]
    public async Task Run_RawSamplesOn_EverySampleOfEveryDeviceLandsOnce()
    {
        string database = NewDatabase();
        Dictionary<string, string> environment = Influx(database);
        environment["LOADSENSE_InfluxDb__RawSamples"] = "true";

        var (code, _, stderr) = await _cli.RunAsync(environment, "run", "--simulate", "2", "--seconds", "4", "--patient", "p1");

        Assert.True(code == 0, stderr);
        using JsonDocument state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_cli.Directory, "service-state.json")));
        string raw = $"\"{database}\".\"loadsense_raw\".\"raw_samples\"";
        foreach (JsonElement device in state.RootElement.GetProperty("devices").EnumerateArray())
        {
            long samples = device.GetProperty("samples").GetInt64();
            Assert.True(samples > 0, "the simulated sensor delivered samples");
            Assert.Equal(samples, await CountAsync(database, $"SELECT count(x) FROM {raw} WHERE device = '{device.GetProperty("device").GetString()}'"));
        }
    }

    [Fact]
    public async Task Status_StoreInfluxDbWithEmptyOutbox_ShowsNoBacklog()
    {
        var (code, stdout, stderr) = await _cli.RunAsync(Influx(NewDatabase()), "status");

        Assert.True(code == 0, stderr);
        Assert.Contains("backlog:      0 batches, 0 points", stdout, StringComparison.Ordinal);
        Assert.Contains("dead letters: 0 batches", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_InfluxdUnreachable_ExitsFourAndKeepsTheBacklog()
    {
        var environment = new Dictionary<string, string>
        {
            ["LOADSENSE_Store"] = "influxdb",
            ["LOADSENSE_InfluxDb__Url"] = "http://127.0.0.1:9",
            ["LOADSENSE_InfluxDb__MaxRetries"] = "1",
            ["LOADSENSE_InfluxDb__RetryBaseDelaySeconds"] = "0.05",
        };
        var (demoCode, _, demoErr) = await _cli.RunAsync(environment, "demo", "--week", "2026-W43", "--rate", "25");
        Assert.Equal(4, demoCode);
        Assert.Contains("loadsense sync", demoErr, StringComparison.Ordinal);

        var (code, _, stderr) = await _cli.RunAsync(environment, "sync");
        var (_, status, _) = await _cli.RunAsync(environment, "status");

        Assert.Equal(4, code);
        Assert.Contains("nothing is lost", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("backlog:      0 batches", status, StringComparison.Ordinal);
        Assert.Contains("Connection refused", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_AfterARunWhileInfluxdWasUnreachable_RecomputesTheDaysLeftOutOfDate()
    {
        string database = NewDatabase();
        Dictionary<string, string> offline = Influx(database);
        offline["LOADSENSE_InfluxDb__Url"] = "http://127.0.0.1:9";
        var (runCode, _, runErr) = await _cli.RunAsync(offline, "run", "--simulate", "2", "--seconds", "6", "--patient", "p01");
        Assert.True(runCode == 0, runErr);
        Assert.Contains("The store could not take the daily summaries", runErr, StringComparison.Ordinal);

        // InfluxDB is back: the backlog goes, then the summaries of the days it touched.
        var (code, stdout, stderr) = await _cli.RunAsync(Influx(database), "sync");
        Assert.True(code == 0, stderr);
        Assert.Matches(@"Recomputed [12] daily summaries", stdout);
        Assert.InRange(await CountAsync(database, "SELECT count(steps) FROM days WHERE patient = 'p01'"), 1, 2);
        Assert.True(await CountAsync(database, "SELECT sum(steps) FROM days WHERE patient = 'p01'") > 0, "the day holds the steps recorded offline");

        // Nothing is due any more.
        (code, stdout, stderr) = await _cli.RunAsync(Influx(database), "sync");
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("Recomputed", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LOADSENSE_InfluxDb__Url", "influx:8086", "InfluxDb:Url")]
    [InlineData("LOADSENSE_InfluxDb__TimeoutSeconds", "0", "InfluxDb:TimeoutSeconds")]
    [InlineData("LOADSENSE_Outbox__MaxPoints", "5", "Outbox:MaxPoints")]
    public async Task Sync_BadInfluxDbSetting_ExitsThreeNamingIt(string variable, string value, string setting)
    {
        var (code, _, stderr) = await _cli.RunAsync(new Dictionary<string, string> { ["LOADSENSE_Store"] = "influxdb", [variable] = value }, "sync");

        Assert.Equal(3, code);
        Assert.Contains(setting, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_StoreSqlite_ExitsThreeSayingWhatToSet()
    {
        var (code, _, stderr) = await _cli.RunAsync("sync");

        Assert.Equal(3, code);
        Assert.Contains("Store=influxdb", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_TokenSetAndTraceLogging_NeverPrintsIt()
    {
        var environment = Influx(NewDatabase());
        environment["LOADSENSE_InfluxDb__Token"] = "s3cr3t-token-value";
        environment["LOADSENSE_LogLevel"] = "Trace";

        var (code, stdout, stderr) = await _cli.RunAsync(environment, "sync");

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("s3cr3t", stdout + stderr, StringComparison.Ordinal);
    }

    private static string NewDatabase() => "cli" + Guid.NewGuid().ToString("N");

    private Dictionary<string, string> Influx(string database) => new()
    {
        ["LOADSENSE_Store"] = "influxdb",
        ["LOADSENSE_InfluxDb__Url"] = influxd.Url,
        ["LOADSENSE_InfluxDb__Database"] = database,
    };

    /// <summary>The number an InfluxQL count answers, 0 when no series came back.</summary>
    /// <summary>The time (Unix seconds) of the first row of a query's answer.</summary>
    private async Task<long> TimeAsync(string database, string influxQl)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent([new("q", influxQl)]);
        using HttpResponseMessage response = await http.PostAsync(new Uri($"{influxd.Url}/query?db={database}&epoch=s"), form);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0][0].GetInt64();
    }

    private async Task<long> CountAsync(string database, string influxQl)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent([new("q", influxQl)]);
        using HttpResponseMessage response = await http.PostAsync(new Uri($"{influxd.Url}/query?db={database}"), form);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement result = answer.RootElement.GetProperty("results")[0];
        return result.TryGetProperty("series", out JsonElement series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }

    /// <summary>Every event in a database as kind|microseconds.</summary>
    private async Task<HashSet<string>> EventKeysAsync(string database)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent([new("q", "SELECT peak_g, kind FROM events")]);
        using HttpResponseMessage response = await http.PostAsync(new Uri($"{influxd.Url}/query?db={database}&epoch=u"), form);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var keys = new HashSet<string>(StringComparer.Ordinal);
        JsonElement result = answer.RootElement.GetProperty("results")[0];
        if (result.TryGetProperty("series", out JsonElement series))
        {
            foreach (JsonElement row in series[0].GetProperty("values").EnumerateArray())
            {
                keys.Add(row[2].GetString() + "|" + row[0].GetInt64().ToString(CultureInfo.InvariantCulture));
            }
        }

        return keys;
    }

    /// <summary>Every event line waiting in the outbox file, as kind|microseconds.</summary>
    /// <summary>Whether events wait in the outbox; false while the file or its table is still being created.</summary>
    private static bool InOutbox(string path)
    {
        try
        {
            return File.Exists(path) && OutboxEventKeys(path).Count > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static HashSet<string> OutboxEventKeys(string path)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT payload FROM outbox;";
        using SqliteDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            foreach (string line in Encoding.UTF8.GetString((byte[])reader.GetValue(0)).Split('\n'))
            {
                if (line.StartsWith("events,", StringComparison.Ordinal))
                {
                    string kind = line.Split(',').First(p => p.StartsWith("kind=", StringComparison.Ordinal))[5..];
                    keys.Add(kind + "|" + line[(line.LastIndexOf(' ') + 1)..]);
                }
            }
        }

        return keys;
    }
}
