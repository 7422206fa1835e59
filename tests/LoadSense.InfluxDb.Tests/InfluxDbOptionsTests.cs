using System.ComponentModel.DataAnnotations;
using LoadSense.InfluxDb.Outbox;
using LoadSense.Storage.Outbox;

namespace LoadSense.InfluxDb.Tests;

public sealed class InfluxDbOptionsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-backoff-").FullName;
    private SqliteOutbox? _outbox;
    private InfluxDbLoadStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_outbox is not null)
        {
            await _outbox.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(Validate(new InfluxDbOptions()));
    }

    [Theory]
    [InlineData("localhost:8086")]
    [InlineData("ftp://influx:8086")]
    [InlineData("not a url")]
    [InlineData("http://user:secret@influx:8086")]
    public void Url_NotPlainHttpOrHttps_IsInvalid(string url)
    {
        ValidationResult error = Assert.Single(Validate(new InfluxDbOptions { Url = url }));

        Assert.Contains(nameof(InfluxDbOptions.Url), error.MemberNames);
        Assert.DoesNotContain("secret", error.ErrorMessage!, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_Https_IsValid()
    {
        Assert.Empty(Validate(new InfluxDbOptions { Url = "https://influx.example.org:8086/prefix" }));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(600, true)]
    [InlineData(601, false)]
    public void TimeoutSeconds_Bounds_AreEnforced(int seconds, bool valid)
    {
        Assert.Equal(valid, Validate(new InfluxDbOptions { TimeoutSeconds = seconds }).Count == 0);
    }

    [Theory]
    [InlineData(nameof(InfluxDbOptions.MaxParallelWrites), 0, false)]
    [InlineData(nameof(InfluxDbOptions.MaxParallelWrites), 1, true)]
    [InlineData(nameof(InfluxDbOptions.MaxParallelWrites), 16, true)]
    [InlineData(nameof(InfluxDbOptions.MaxParallelWrites), 17, false)]
    [InlineData(nameof(InfluxDbOptions.FlushIntervalSeconds), -0.1, false)]
    [InlineData(nameof(InfluxDbOptions.FlushIntervalSeconds), 0, true)]
    [InlineData(nameof(InfluxDbOptions.FlushIntervalSeconds), 300, true)]
    [InlineData(nameof(InfluxDbOptions.FlushIntervalSeconds), 300.5, false)]
    [InlineData(nameof(InfluxDbOptions.RawRetentionDays), 0, false)]
    [InlineData(nameof(InfluxDbOptions.RawRetentionDays), 3650, true)]
    [InlineData(nameof(InfluxDbOptions.RawRetentionDays), 3651, false)]
    [InlineData(nameof(InfluxDbOptions.RawMaxPendingPoints), 9_999, false)]
    [InlineData(nameof(InfluxDbOptions.RawMaxPendingPoints), 10_000, true)]
    [InlineData(nameof(InfluxDbOptions.RawMaxPendingPoints), 1_000_000_001, false)]
    [InlineData(nameof(InfluxDbOptions.RawMaxPendingPoints), 3_000_000_000, false)]
    [InlineData(nameof(InfluxDbOptions.RetryBaseDelaySeconds), 60.5, false)]
    public void WriterAndRawSampleSettings_Bounds_AreEnforcedAndNamed(string setting, double value, bool valid)
    {
        var options = new InfluxDbOptions();
        System.Reflection.PropertyInfo property = typeof(InfluxDbOptions).GetProperty(setting)!;
        property.SetValue(options, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        List<ValidationResult> errors = Validate(options);

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Contains(setting, e.MemberNames));
    }

    [Fact]
    public void Credentials_TokenAndUser_AreRefusedTogether()
    {
        Assert.NotEmpty(Validate(new InfluxDbOptions { Token = "t", Username = "u", Password = "p" }));
        Assert.NotEmpty(Validate(new InfluxDbOptions { Token = "t", TokenFile = "/run/secrets/t" }));
        Assert.NotEmpty(Validate(new InfluxDbOptions { Username = "u" }));
        Assert.Empty(Validate(new InfluxDbOptions { Username = "u", Password = "p" }));
    }

    [Fact]
    public void ResolveToken_TokenFile_ReadsItTrimmed()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  abc123\n");

            Assert.Equal("abc123", new InfluxDbOptions { TokenFile = file }.ResolveToken());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ResolveToken_MissingFile_ThrowsIOExceptionNamingTheFile()
    {
        IOException error = Assert.Throws<IOException>(() => new InfluxDbOptions { TokenFile = "/nonexistent/token" }.ResolveToken());

        Assert.Contains("/nonexistent/token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0.25, 0.5)]
    [InlineData(2, 0.5, 1.0)]
    [InlineData(10, 1.5, 3.0)]
    public async Task Backoff_Attempt_DoublesWithJitterUpToTheCap(int attempt, double min, double max)
    {
        OutboxSender sender = await SenderAsync(new InfluxDbOptions { RetryBaseDelaySeconds = 0.5, RetryMaxDelaySeconds = 3 });

        for (int i = 0; i < 50; i++)
        {
            double seconds = sender.Backoff(attempt, null).TotalSeconds;
            Assert.InRange(seconds, min, max);
        }
    }

    [Fact]
    public async Task Backoff_RetryAfter_IsHonouredUpToTheCap()
    {
        OutboxSender sender = await SenderAsync(new InfluxDbOptions { RetryBaseDelaySeconds = 0.5, RetryMaxDelaySeconds = 30 });

        Assert.InRange(sender.Backoff(1, TimeSpan.FromSeconds(7)).TotalSeconds, 7, 7.0001);
        Assert.InRange(sender.Backoff(1, TimeSpan.FromHours(1)).TotalSeconds, 30, 30.0001);
    }

    private static List<ValidationResult> Validate(InfluxDbOptions options)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        return errors;
    }

    private async Task<OutboxSender> SenderAsync(InfluxDbOptions options)
    {
        _outbox = await SqliteOutbox.OpenAsync(new OutboxOptions { Path = Path.Combine(_directory, "o.db") });
        _store = await InfluxDbLoadStore.OpenAsync(new InfluxDbOptions { Url = "http://127.0.0.1:9", TimeoutSeconds = 1 });
        return new OutboxSender(_outbox, _store, options);
    }
}
