using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace LoadSense.Recordings.Csv;

/// <summary>
/// Fills a few reusable buffers on a background thread ahead of one consumer, so that two
/// stages of reading a recording (decompressing and parsing, parsing and analysing) run on two
/// cores at once. The consumer takes buffers in order; the one it took last goes back to the
/// producer when it takes the next. An exception of the producer reaches the consumer after
/// the buffers filled before it, and again on every later take.
/// </summary>
/// <typeparam name="T">A buffer the fill function overwrites.</typeparam>
internal sealed class ReadAhead<T> : IDisposable
    where T : class
{
    private readonly Func<T, bool> _fill;
    private readonly BlockingCollection<T> _free;
    private readonly BlockingCollection<T?> _filled;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private ExceptionDispatchInfo? _error;
    private T? _taken;
    private bool _ended;
    private bool _disposed;

    /// <summary>Starts filling <paramref name="buffers"/> with <paramref name="fill"/>, which returns false (leaving its buffer unused) at the end.</summary>
    public ReadAhead(IReadOnlyCollection<T> buffers, Func<T, bool> fill)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(fill);
        ArgumentOutOfRangeException.ThrowIfLessThan(buffers.Count, 2);
        _fill = fill;
        _free = new BlockingCollection<T>(buffers.Count);
        _filled = new BlockingCollection<T?>(buffers.Count + 1);
        foreach (T buffer in buffers)
        {
            _free.Add(buffer);
        }

        _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The next filled buffer, in order; false at the end. Hands the previous one back.</summary>
    public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_taken is not null)
        {
            _free.Add(_taken);
            _taken = null;
        }

        if (!_ended)
        {
            // Null marks the end, or the producer's failure (then _error is set before it).
            _taken = _filled.Take();
            _ended = _taken is null;
        }

        if (_ended)
        {
            // Set by the producer before it queued the end: visible once the end is taken.
            _error?.Throw();
        }

        buffer = _taken;
        return buffer is not null;
    }

    /// <summary>Stops the producer and waits for it, so the source it reads can be closed after.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _producer.Wait();
        _stop.Dispose();
        _free.Dispose();
        _filled.Dispose();
    }

    private void Produce()
    {
        try
        {
            while (true)
            {
                T buffer = _free.Take(_stop.Token);
                bool filled;
                try
                {
                    filled = _fill(buffer);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _error = ExceptionDispatchInfo.Capture(ex);
                    filled = false;
                }

                _filled.Add(filled ? buffer : null, _stop.Token);
                if (!filled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed before the end: nobody takes any more.
        }
    }
}
