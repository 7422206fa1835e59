using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LoadSense.Storage.Tests;

/// <summary>The contract on a real SQLite file in a temporary directory, plus what only a file store has.</summary>
public sealed class SqliteLoadStoreTests : LoadStoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "loadsense-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The file of the suite's store, in directories that do not exist yet.</summary>
    private string DatabasePath => Path.Combine(_directory, "data", "loadsense", "loadsense.db");

    /// <inheritdoc/>
    protected override async Task<ILoadStore> CreateStoreAsync() => await OpenAsync(DatabasePath);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void OpenAsync_MissingDirectory_CreatesDirectoryAndFile()
    {
        // The suite's store opened DatabasePath under directories that did not exist.
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task OpenAsync_NewFile_UsesWalJournalMode()
    {
        await using SqliteConnection connection = await RawConnectionAsync(DatabasePath);

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task OpenAsync_NewFile_StampsApplicationIdAndSchemaVersion()
    {
        await using SqliteConnection connection = await RawConnectionAsync(DatabasePath);

        Assert.Equal(SqliteSchema.ApplicationId.ToString(CultureInfo.InvariantCulture), await ScalarAsync(connection, "PRAGMA application_id;"));
        Assert.Equal(SqliteSchema.CurrentVersion.ToString(CultureInfo.InvariantCulture), await ScalarAsync(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task AppendAsync_EventTime_IsStoredAsIntegerMicroseconds()
    {
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [Step(T0 + 0.123_456_4)], []));

        await using SqliteConnection connection = await RawConnectionAsync(DatabasePath);
        Assert.Equal("1767225600123456 integer", await ScalarAsync(connection, "SELECT time_us || ' ' || typeof(time_us) FROM events;"));
    }

    [Fact]
    public async Task DisposeAsync_ThenReopen_KeepsData()
    {
        PatientBatch batch = Batch("p1", "hip-1", Placement.Hip, SampleEvents(T0), SampleMinutes(T0));
        DailySummary day = SampleDay(new DateOnly(2026, 1, 1));
        await Store.AppendAsync(batch);
        await Store.UpsertDaysAsync("p1", [day]);
        await ((IAsyncDisposable)Store).DisposeAsync();

        await using SqliteLoadStore reopened = await OpenAsync(DatabasePath);

        Assert.Equal(batch.Events, await reopened.ReadEventsAsync("p1", T0, T0 + 3600));
        AssertMinutes(batch, await reopened.ReadMinutesAsync("p1", T0, T0 + 3600));
        AssertDay(day, Assert.Single(await reopened.ReadDaysAsync("p1", day.Date, day.Date)));
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        await ((IAsyncDisposable)Store).DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [Step(T0)], [])));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.ReadEventsAsync("p1", T0, T0 + 1));
    }

    [Fact]
    public async Task AppendAsync_CanceledMidBatch_RollsBackTheWholeCall()
    {
        using var cancellation = new CancellationTokenSource();
        var events = new CancelAfterFirst<LoadEvent>(SampleEvents(T0), cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.AppendAsync(new PatientBatch("p1", "hip-1", Placement.Hip, events, SampleMinutes(T0)), cancellation.Token));

        Assert.Empty(await ReadAllEventsAsync("p1"));
        Assert.Empty(await ReadAllMinutesAsync("p1"));
    }

    [Fact]
    public async Task AppendAsync_InvalidMinuteAfterValidRows_RollsBackTheWholeCall()
    {
        MinuteAggregate[] minutes = [SampleMinutes(T0)[0], SampleMinutes(T0)[1] with { ImpactBandCounts = [1, 2, 3, 4, 5, 6] }];

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, SampleEvents(T0), minutes)));

        Assert.Empty(await ReadAllEventsAsync("p1"));
        Assert.Empty(await ReadAllMinutesAsync("p1"));
    }

    [Fact]
    public async Task OpenAsync_PathUnderRegularFile_ThrowsIOExceptionNamingPath()
    {
        string file = Path.Combine(_directory, "not-a-directory");
        await File.WriteAllTextAsync(file, "x");
        string path = Path.Combine(file, "sub", "loadsense.db");

        IOException error = await Assert.ThrowsAsync<IOException>(() => OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{file}' is a file, not a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_PathIsDirectory_ThrowsIOExceptionNamingPath()
    {
        string path = Path.Combine(_directory, "a-directory");
        Directory.CreateDirectory(path);

        IOException error = await Assert.ThrowsAsync<IOException>(() => OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_FileIsNotADatabase_ThrowsIOExceptionNamingPath()
    {
        string path = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(path, new string('x', 4096));

        IOException error = await Assert.ThrowsAsync<IOException>(() => OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpenAsync_OtherProgramsDatabase_ThrowsIOExceptionAndLeavesItAlone()
    {
        string path = Path.Combine(_directory, "other.db");
        await using (SqliteConnection other = await RawConnectionAsync(path))
        {
            await ScalarAsync(other, "CREATE TABLE contacts (name TEXT);");
        }

        IOException error = await Assert.ThrowsAsync<IOException>(() => OpenAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a LoadSense database", error.Message, StringComparison.Ordinal);
        await using SqliteConnection connection = await RawConnectionAsync(path);
        Assert.Equal("1", await ScalarAsync(connection, "SELECT count(*) FROM sqlite_schema;"));
    }

    [Fact]
    public async Task OpenAsync_NewerSchemaVersion_ThrowsIOExceptionNamingPathAndVersion()
    {
        await ((IAsyncDisposable)Store).DisposeAsync();
        await using (SqliteConnection connection = await RawConnectionAsync(DatabasePath))
        {
            await ScalarAsync(connection, "PRAGMA user_version = 7;");
        }

        IOException error = await Assert.ThrowsAsync<IOException>(() => OpenAsync(DatabasePath));

        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SchemaVersion1_MigratesToTelemetryKeepingRows()
    {
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [Step(T0)], []));
        await ((IAsyncDisposable)Store).DisposeAsync();
        await using (SqliteConnection connection = await RawConnectionAsync(DatabasePath))
        {
            await ScalarAsync(connection, "DROP TABLE telemetry; PRAGMA user_version = 1;");
        }

        await using SqliteLoadStore migrated = await OpenAsync(DatabasePath);
        DeviceTelemetry record = SampleTelemetry("p1", T0)[0];
        await migrated.AppendTelemetryAsync([record]);

        Assert.Equal([record], await migrated.ReadTelemetryAsync("p1", T0, T0 + 60));
        Assert.Single(await migrated.ReadEventsAsync("p1", T0, T0 + 1));
        await using SqliteConnection check = await RawConnectionAsync(DatabasePath);
        Assert.Equal("2", await ScalarAsync(check, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task OpenAsync_ExistingStore_OpensAgainWhileFirstIsOpen()
    {
        await Store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [Step(T0)], []));

        await using SqliteLoadStore second = await OpenAsync(DatabasePath);

        Assert.Single(await second.ReadEventsAsync("p1", T0, T0 + 1));
    }

    [Fact]
    public async Task AppendAsync_FileLockedLongerThanBusyTimeout_WaitsThenThrowsBusy()
    {
        await using SqliteLoadStore store = await SqliteLoadStore.OpenAsync(new SqliteOptions { Path = DatabasePath, BusyTimeoutSeconds = 1 });
        await using SqliteConnection other = await RawConnectionAsync(DatabasePath);
        await ScalarAsync(other, "BEGIN IMMEDIATE;");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        SqliteException error = await Assert.ThrowsAsync<SqliteException>(() => store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [Step(T0)], [])));

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {watch.Elapsed}");
        await ScalarAsync(other, "ROLLBACK;");
        await store.AppendAsync(Batch("p1", "hip-1", Placement.Hip, [Step(T0)], []));
        Assert.Single(await store.ReadEventsAsync("p1", T0, T0 + 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(601)]
    public async Task OpenAsync_BusyTimeoutOutOfRange_ThrowsValidationExceptionNamingSetting(int seconds)
    {
        var options = new SqliteOptions { Path = Path.Combine(_directory, "x.db"), BusyTimeoutSeconds = seconds };

        ValidationException error = await Assert.ThrowsAsync<ValidationException>(() => SqliteLoadStore.OpenAsync(options));

        Assert.Contains(nameof(SqliteOptions.BusyTimeoutSeconds), error.Message, StringComparison.Ordinal);
        Assert.Contains("600", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(options.Path));
    }

    [Fact]
    public async Task OpenAsync_CanceledToken_ThrowsOperationCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => SqliteLoadStore.OpenAsync(new SqliteOptions { Path = Path.Combine(_directory, "x.db") }, cancellationToken: cancellation.Token));
    }

    private static Task<SqliteLoadStore> OpenAsync(string path) => SqliteLoadStore.OpenAsync(new SqliteOptions { Path = path });

    private static async Task<SqliteConnection> RawConnectionAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A list that cancels a token once its first item has been read, to cancel a call halfway.</summary>
    private sealed class CancelAfterFirst<T>(IReadOnlyList<T> items, CancellationTokenSource cancellation) : IReadOnlyList<T>
    {
        public int Count => items.Count;

        public T this[int index] => items[index];

        public IEnumerator<T> GetEnumerator()
        {
            bool first = true;
            foreach (T item in items)
            {
                if (!first)
                {
                    cancellation.Cancel();
                }

                first = false;
                yield return item;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
