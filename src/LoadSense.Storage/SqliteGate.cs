using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoadSense.Storage;

/// <summary>
/// One SQLite connection used by one call at a time (a connection is not thread-safe), and closed
/// only once the call in progress has finished; calls after that throw <see cref="ObjectDisposedException"/>.
/// Shared by the store and the outbox.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The semaphore's wait handle is never used, so it needs no disposing, and callers may still be waiting on it when the connection closes.")]
internal sealed class SqliteGate(SqliteConnection connection, string owner)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    /// <summary>Runs <paramref name="call"/> alone on the connection.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            return await call();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="call"/> alone on the connection.</summary>
    public Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="write"/> alone in one transaction, committed when it returns.</summary>
    public Task InTransactionAsync(Func<SqliteTransaction, Task> write, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await write(transaction);
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Closes the connection once the call in progress has finished; false when it was closed already.</summary>
    public async Task<bool> CloseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            await connection.DisposeAsync();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The single value a statement returns (a PRAGMA, a count), as an integer.</summary>
    public static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, owner);
        await _gate.WaitAsync(cancellationToken);
        if (_disposed)
        {
            _gate.Release();
            throw new ObjectDisposedException(owner);
        }
    }
}
