namespace LoadSense.Recordings.Csv;

/// <summary>
/// Reads a slow stream (gzip decompression) on a background thread a few chunks ahead of the
/// consumer (<see cref="ReadAhead{T}"/>), so that decompressing and parsing run on two cores.
/// Each chunk is what one read of the inner stream returned, and an exception of the inner
/// stream is rethrown after the chunks before it, so the consumer sees the same bytes and the
/// same error as when reading the inner stream itself. Single consumer; not seekable.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly ReadAhead<Chunk> _chunks;
    private Chunk? _current;
    private int _offset;
    private bool _disposed;

    /// <summary>Starts reading <paramref name="inner"/> ahead into <paramref name="chunks"/> buffers of <paramref name="chunkBytes"/>.</summary>
    public ReadAheadStream(Stream inner, int chunkBytes = 1 << 20, int chunks = 3)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        _inner = inner;
        _chunks = new ReadAhead<Chunk>(
            [.. Enumerable.Range(0, chunks).Select(_ => new Chunk(new byte[chunkBytes]))],
            chunk => (chunk.Count = inner.Read(chunk.Bytes)) > 0);
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_current is null || _offset == _current.Count)
        {
            if (!_chunks.TryTake(out _current))
            {
                return 0;
            }

            _offset = 0;
        }

        int n = Math.Min(buffer.Length, _current.Count - _offset);
        _current.Bytes.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Stops the background reader and waits for it before the inner stream is disposed.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _chunks.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A buffer and how much of it one read of the inner stream filled.</summary>
    private sealed class Chunk(byte[] bytes)
    {
        public byte[] Bytes { get; } = bytes;

        public int Count { get; set; }
    }
}
