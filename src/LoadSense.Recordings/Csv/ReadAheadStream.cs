using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace LoadSense.Recordings.Csv;

/// <summary>
/// Reads a slow stream (gzip decompression) on a background thread a few chunks ahead of the
/// consumer, so that decompressing and parsing run on two cores at once. Each chunk is what
/// one read of the inner stream returned, and an exception of the inner stream is rethrown
/// after the chunks before it, so the consumer sees the same bytes and the same error as when
/// reading the inner stream itself. Single consumer; not seekable.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private readonly Stream _inner;
    private readonly BlockingCollection<Chunk> _filled;
    private readonly BlockingCollection<byte[]> _free;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private Chunk _current = new([], 0, null);
    private int _offset;
    private bool _ended;
    private bool _disposed;

    /// <summary>Starts reading <paramref name="inner"/> ahead into <paramref name="chunks"/> buffers of <paramref name="chunkBytes"/>.</summary>
    public ReadAheadStream(Stream inner, int chunkBytes = 1 << 18, int chunks = 4)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunks, 2);
        _inner = inner;
        _filled = new BlockingCollection<Chunk>(chunks);
        _free = new BlockingCollection<byte[]>(chunks);
        for (int i = 0; i < chunks; i++)
        {
            _free.Add(new byte[chunkBytes]);
        }

        _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_offset == _current.Count)
        {
            if (_ended)
            {
                // The inner stream's error stays: every later read fails the same way.
                _current.Error?.Throw();
                return 0;
            }

            if (buffer.IsEmpty)
            {
                return 0;
            }

            if (_current.Buffer.Length > 0)
            {
                _free.Add(_current.Buffer);
            }

            _current = _filled.Take();
            _offset = 0;
            _ended = _current.Count == 0;
        }

        int n = Math.Min(buffer.Length, _current.Count - _offset);
        _current.Buffer.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Stops the background reader and waits for it before the inner stream is disposed.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            _producer.Wait();
            _inner.Dispose();
            _stop.Dispose();
            _filled.Dispose();
            _free.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Produce()
    {
        try
        {
            while (true)
            {
                byte[] buffer = _free.Take(_stop.Token);
                Chunk chunk;
                try
                {
                    chunk = new Chunk(buffer, _inner.Read(buffer), null);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Handed to the consumer, which rethrows it where the inner stream failed.
                    chunk = new Chunk([], 0, ExceptionDispatchInfo.Capture(ex));
                }

                _filled.Add(chunk, _stop.Token);
                if (chunk.Count == 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed before the end: nobody reads any more.
        }
    }

    /// <summary>One read of the inner stream: its bytes, or (with no bytes) the end, or its error.</summary>
    private readonly record struct Chunk(byte[] Buffer, int Count, ExceptionDispatchInfo? Error);
}
