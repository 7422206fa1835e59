using LoadSense.InfluxDb.Tests.Support;

namespace LoadSense.InfluxDb.Tests;

[Collection(InfluxdTests.Name)]
public sealed class InfluxDbDoctorTests(InfluxdFixture influxd)
{
    [Fact]
    public async Task CheckAsync_HealthyServer_EveryCheckPassesAndTheProbeIsStored()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        await Influx.CreateDatabaseAsync(options);

        IReadOnlyList<DoctorCheck> checks = await InfluxDbDoctor.CheckAsync(options, TimeProvider.System);

        Assert.Equal(["reachable", "credentials and database", "write and read back"], checks.Select(c => c.Name));
        Assert.All(checks, c => Assert.True(c.Ok, c.Detail));
        Assert.Equal(1, await Influx.ScalarAsync(options, "SELECT count(ok) FROM loadsense_probe"));
    }

    [Fact]
    public async Task CheckAsync_RawSamplesOn_ReportsTheRawPolicyBeforeAndAfterItExists()
    {
        InfluxDbOptions options = influxd.NewDatabase();
        options.RawSamples = true;
        options.RawRetentionPolicy = "raw_doctor";
        await Influx.CreateDatabaseAsync(options);

        DoctorCheck before = (await InfluxDbDoctor.CheckAsync(options, TimeProvider.System))[^1];
        await Influx.RawJsonAsync(options, $"CREATE RETENTION POLICY raw_doctor ON \"{options.Database}\" DURATION 3d REPLICATION 1");
        DoctorCheck after = (await InfluxDbDoctor.CheckAsync(options, TimeProvider.System))[^1];

        Assert.Equal("raw samples retention policy", before.Name);
        Assert.True(before.Ok, before.Detail);
        Assert.Contains("does not exist yet", before.Detail, StringComparison.Ordinal);
        Assert.True(after.Ok, after.Detail);
        Assert.Contains("'raw_doctor' exists (duration 72h0m0s)", after.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_MissingDatabase_FailsNamingItAndWritesNothing()
    {
        InfluxDbOptions options = influxd.NewDatabase();

        IReadOnlyList<DoctorCheck> checks = await InfluxDbDoctor.CheckAsync(options, TimeProvider.System);

        DoctorCheck last = checks[^1];
        Assert.Equal("credentials and database", last.Name);
        Assert.False(last.Ok);
        Assert.Contains($"database '{options.Database}' does not exist", last.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NothingListening_FailsAtReachable()
    {
        var options = new InfluxDbOptions { Url = "http://127.0.0.1:9", TimeoutSeconds = 2 };

        DoctorCheck check = Assert.Single(await InfluxDbDoctor.CheckAsync(options, TimeProvider.System));

        Assert.False(check.Ok);
        Assert.Contains("InfluxDb:Url", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Checks_MarksFailuresLoudly()
    {
        string text = InfluxDbDoctor.Format([new DoctorCheck("a", true, "fine"), new DoctorCheck("b", false, "broken")]);

        Assert.Equal("ok    a: fine\nFAIL  b: broken\n", text.ReplaceLineEndings("\n"));
    }
}
