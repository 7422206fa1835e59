namespace LoadSense.Recordings.Csv;

/// <summary>
/// Wraps the raw input (file or caller's stream): counts the bytes read for progress, keeps
/// the last bytes seen (the gzip trailer) and lets the reader peek at the magic bytes
/// without needing a seekable stream.
/// </summary>
internal sealed class SourceStream : ReadOnlyStream
{
    /// <summary>Enough for a gzip trailer (8 bytes) and the 28-byte BGZF end-of-file block.</summary>
    public const int TailCapacity = 28;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _tail = new byte[TailCapacity];
    private readonly byte[] _peeked = new byte[4];
    private int _tailCount;
    private int _peekedStart;
    private int _peekedEnd;
    private long _bytesRead;

    public SourceStream(Stream inner, bool leaveOpen)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Bytes taken from the underlying stream so far; safe to read from another thread.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>The last bytes read from the underlying stream (at most <see cref="TailCapacity"/>).</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(TailCapacity - _tailCount, _tailCount);

    /// <summary>Reads up to <paramref name="count"/> (≤ 4) bytes ahead; they are still returned by later reads.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        while (_peekedEnd < count)
        {
            int n = ReadInner(_peeked.AsSpan(_peekedEnd, count - _peekedEnd));
            if (n == 0)
            {
                break;
            }

            _peekedEnd += n;
        }

        return _peeked.AsSpan(_peekedStart, _peekedEnd - _peekedStart);
    }

    /// <summary>Reads and discards the rest of the underlying stream, so <see cref="Tail"/> holds its end.</summary>
    public void Drain()
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (Read(scratch) > 0)
        {
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (_peekedStart < _peekedEnd)
        {
            int n = Math.Min(buffer.Length, _peekedEnd - _peekedStart);
            _peeked.AsSpan(_peekedStart, n).CopyTo(buffer);
            _peekedStart += n;
            return n;
        }

        return ReadInner(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_peekedStart < _peekedEnd)
        {
            return Read(buffer.Span);
        }

        int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int ReadInner(Span<byte> buffer)
    {
        int n = _inner.Read(buffer);
        Account(buffer[..n]);
        return n;
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        Interlocked.Add(ref _bytesRead, data.Length);
        if (data.Length >= TailCapacity)
        {
            data[^TailCapacity..].CopyTo(_tail);
            _tailCount = TailCapacity;
            return;
        }

        // Shift the kept tail left and append.
        _tail.AsSpan(data.Length).CopyTo(_tail);
        data.CopyTo(_tail.AsSpan(TailCapacity - data.Length));
        _tailCount = Math.Min(TailCapacity, _tailCount + data.Length);
    }
}
