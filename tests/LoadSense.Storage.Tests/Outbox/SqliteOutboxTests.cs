using System.ComponentModel.DataAnnotations;
using LoadSense.Storage.Outbox;
using Microsoft.Data.Sqlite;

namespace LoadSense.Storage.Tests.Outbox;

public sealed class SqliteOutboxTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-outbox-").FullName;
    private SqliteOutbox? _outbox;

    private string OutboxPath => Path.Combine(_directory, "sub", "outbox.db");

    private SqliteOutbox Outbox => _outbox!;

    public async Task InitializeAsync() => _outbox = await OpenAsync();

    public async Task DisposeAsync()
    {
        await Outbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PeekAsync_SeveralBatches_ReturnsThemOldestFirst()
    {
        await Outbox.EnqueueAsync("a\n"u8.ToArray(), 1);
        await Outbox.EnqueueAsync("b\nc\n"u8.ToArray(), 2);
        await Outbox.EnqueueAsync("d\n"u8.ToArray(), 1);

        IReadOnlyList<OutboxBatch> batches = await Outbox.PeekAsync(2);

        Assert.Equal(["a\n", "b\nc\n"], batches.Select(b => System.Text.Encoding.UTF8.GetString(b.Payload.Span)));
        Assert.Equal([1, 2], batches.Select(b => b.Points));
        Assert.True(batches[0].Id < batches[1].Id);
    }

    [Fact]
    public async Task AcknowledgeAsync_SentBatch_LeavesTheOutbox()
    {
        await Outbox.EnqueueAsync("a\n"u8.ToArray(), 1);
        await Outbox.EnqueueAsync("b\n"u8.ToArray(), 1);
        OutboxBatch first = (await Outbox.PeekAsync(1))[0];

        await Outbox.AcknowledgeAsync(first.Id);
        await Outbox.AcknowledgeAsync(first.Id);

        OutboxStatus status = await Outbox.GetStatusAsync();
        Assert.Equal(1, status.PendingBatches);
        Assert.NotEqual(first.Id, (await Outbox.PeekAsync(5))[0].Id);
    }

    [Fact]
    public async Task MarkDaysDueAsync_ThenReopenAndClearSome_KeepsTheRestPerPatient()
    {
        DateOnly monday = new(2026, 11, 23);
        await Outbox.MarkDaysDueAsync("p02", [monday.AddDays(1)]);
        await Outbox.MarkDaysDueAsync("p01", [monday.AddDays(1), monday, monday]);
        await Outbox.DisposeAsync();
        _outbox = await OpenAsync();

        IReadOnlyDictionary<string, IReadOnlyList<DateOnly>> due = await Outbox.ReadDaysDueAsync();
        Assert.Equal([monday, monday.AddDays(1)], due["p01"]);
        Assert.Equal([monday.AddDays(1)], due["p02"]);

        await Outbox.ClearDaysDueAsync("p01", [monday, monday.AddDays(1)]);
        due = await Outbox.ReadDaysDueAsync();
        Assert.Equal(["p02"], due.Keys);
    }

    [Fact]
    public async Task EnqueueAsync_ThenReopen_BatchIsStillThere()
    {
        await Outbox.EnqueueAsync("a\n"u8.ToArray(), 1);
        await Outbox.DisposeAsync();

        _outbox = await OpenAsync();

        Assert.Equal(1, (await Outbox.GetStatusAsync()).PendingBatches);
    }

    [Fact]
    public async Task DeadLetterAsync_RefusedBatch_KeptWithMessageAndNoLongerPending()
    {
        await Outbox.EnqueueAsync("bad\n"u8.ToArray(), 1);
        await Outbox.EnqueueAsync("good\n"u8.ToArray(), 1);
        OutboxBatch bad = (await Outbox.PeekAsync(1))[0];

        await Outbox.DeadLetterAsync(bad.Id, 400, "partial write: field type conflict");

        OutboxStatus status = await Outbox.GetStatusAsync();
        DeadLetter letter = Assert.Single(await Outbox.ReadDeadLettersAsync(10));
        Assert.Equal(1, status.PendingBatches);
        Assert.Equal(1, status.DeadBatches);
        Assert.Equal(bad.Id, letter.Id);
        Assert.Equal(400, letter.Status);
        Assert.Equal("partial write: field type conflict", letter.Message);
    }

    [Fact]
    public async Task RecordFailureAsync_Failure_CountsAttemptAndShowsLastError()
    {
        await Outbox.EnqueueAsync("a\n"u8.ToArray(), 1);
        long id = (await Outbox.PeekAsync(1))[0].Id;

        await Outbox.RecordFailureAsync(id, "connection refused");
        await Outbox.RecordFailureAsync(id, "timeout");

        Assert.Equal(2, (await Outbox.PeekAsync(1))[0].Attempts);
        Assert.Equal("timeout", (await Outbox.GetStatusAsync()).LastError);
    }

    [Fact]
    public async Task EnqueueAsync_PastMaxPoints_RefusesTheBatchAndDropsNothing()
    {
        await using SqliteOutbox small = await SqliteOutbox.OpenAsync(new OutboxOptions { Path = Path.Combine(_directory, "small.db"), MaxPoints = 1000 });
        await small.EnqueueAsync(new byte[10], 600);
        await small.EnqueueAsync(new byte[10], 400);

        OutboxFullException error = await Assert.ThrowsAsync<OutboxFullException>(() => small.EnqueueAsync(new byte[10], 1));

        Assert.Contains("Outbox:MaxPoints", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was dropped", error.Message, StringComparison.Ordinal);
        OutboxStatus status = await small.GetStatusAsync();
        Assert.Equal(2, status.PendingBatches);
        Assert.Equal(1000, status.PendingPoints);
    }

    [Fact]
    public async Task EnqueueAsync_SeveralBatchesPastMaxPoints_AddsNoneOfThem()
    {
        await using SqliteOutbox small = await SqliteOutbox.OpenAsync(new OutboxOptions { Path = Path.Combine(_directory, "small.db"), MaxPoints = 1000 });
        await small.EnqueueAsync(new byte[10], 500);

        await Assert.ThrowsAsync<OutboxFullException>(() => small.EnqueueAsync([(new byte[10], 300), (new byte[10], 300)]));
        await small.EnqueueAsync([(new byte[10], 250), (new byte[10], 250)]);

        OutboxStatus status = await small.GetStatusAsync();
        Assert.Equal(3, status.PendingBatches);
        Assert.Equal(1000, status.PendingPoints);
    }

    [Fact]
    public async Task OpenAsync_NewFile_UsesWal()
    {
        await using var connection = new SqliteConnection($"Data Source={OutboxPath};Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OpenAsync_OtherProgramsDatabase_ThrowsIOException()
    {
        string path = Path.Combine(_directory, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE contacts (name TEXT);";
            await command.ExecuteNonQueryAsync();
        }

        IOException error = await Assert.ThrowsAsync<IOException>(() => SqliteOutbox.OpenAsync(new OutboxOptions { Path = path }));

        Assert.Contains("not a LoadSense outbox", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1_000_000_001)]
    public async Task OpenAsync_MaxPointsOutOfRange_ThrowsValidationExceptionNamingIt(long maxPoints)
    {
        ValidationException error = await Assert.ThrowsAsync<ValidationException>(
            () => SqliteOutbox.OpenAsync(new OutboxOptions { Path = Path.Combine(_directory, "x.db"), MaxPoints = maxPoints }));

        Assert.Contains(nameof(OutboxOptions.MaxPoints), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_RouteWithItsOwnCap_CountsOnlyItsDestination()
    {
        await using SqliteOutbox small = await SqliteOutbox.OpenAsync(new OutboxOptions { Path = Path.Combine(_directory, "small.db"), MaxPoints = 1000 });
        var raw = new OutboxRoute("raw", MaxPoints: 2000);
        await small.EnqueueAsync(new byte[10], 1000);

        long rawPending = await small.EnqueueAsync([(new byte[10], 1500)], raw);
        await Assert.ThrowsAsync<OutboxFullException>(() => small.EnqueueAsync([(new byte[10], 501)], raw));
        await Assert.ThrowsAsync<OutboxFullException>(() => small.EnqueueAsync(new byte[10], 1));

        Assert.Equal(1500, rawPending);
        Assert.Equal(["", "raw"], (await small.PeekAsync(10)).Select(b => b.Destination));
        Assert.Equal(2500, (await small.GetStatusAsync()).PendingPoints);
    }

    [Fact]
    public async Task PeekAsync_MaxPoints_StopsOnceTheRunningSumReachesIt()
    {
        await Outbox.EnqueueAsync([(new byte[1], 40), (new byte[1], 40), (new byte[1], 40), (new byte[1], 40)]);
        await Outbox.EnqueueAsync([(new byte[1], 500)], new OutboxRoute("", Barrier: true));

        Assert.Equal(3, (await Outbox.PeekAsync(10, maxPoints: 100)).Count);
        Assert.Equal(2, (await Outbox.PeekAsync(10, maxPoints: 80)).Count);
        Assert.Single(await Outbox.PeekAsync(10, maxPoints: 1));
        OutboxBatch last = (await Outbox.PeekAsync(10))[^1];
        Assert.True(last.Barrier);
        Assert.Equal(500, last.Points);
    }

    [Fact]
    public async Task AcknowledgeAsync_SeveralIds_RemovesExactlyThose()
    {
        await Outbox.EnqueueAsync([("a\n"u8.ToArray(), 1), ("b\n"u8.ToArray(), 1), ("c\n"u8.ToArray(), 1)]);
        IReadOnlyList<OutboxBatch> batches = await Outbox.PeekAsync(10);

        await Outbox.AcknowledgeAsync([batches[0].Id, batches[2].Id]);

        Assert.Equal(batches[1].Id, Assert.Single(await Outbox.PeekAsync(10)).Id);
    }

    [Fact]
    public async Task OpenAsync_Version1Outbox_GainsRoutesAndKeepsItsBatches()
    {
        string path = Path.Combine(_directory, "v1.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, enqueued_us INTEGER NOT NULL, points INTEGER NOT NULL,
                    payload BLOB NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT) STRICT;
                INSERT INTO outbox (enqueued_us, points, payload) VALUES (1, 3, x'610a');
                PRAGMA application_id = 1279546191; PRAGMA user_version = 1;
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using SqliteOutbox outbox = await SqliteOutbox.OpenAsync(new OutboxOptions { Path = path });
        await outbox.EnqueueAsync([(new byte[1], 2)], new OutboxRoute("raw"));

        IReadOnlyList<OutboxBatch> batches = await outbox.PeekAsync(10);
        Assert.Equal([3, 2], batches.Select(b => b.Points));
        Assert.Equal(["", "raw"], batches.Select(b => b.Destination));
    }

    private Task<SqliteOutbox> OpenAsync() => SqliteOutbox.OpenAsync(new OutboxOptions { Path = OutboxPath });
}
