using LoadSense.Recordings.Csv;

namespace LoadSense.Recordings.Tests.Csv;

public sealed class ReadAheadStreamTests
{
    [Fact]
    public void Read_InAnySizes_ReturnsTheInnerBytesInOrder()
    {
        byte[] data = new byte[100_000];
        new Random(3).NextBytes(data);
        using var stream = new ReadAheadStream(new MemoryStream(data), chunkBytes: 1000, chunks: 3);

        var copy = new MemoryStream();
        var sizes = new Random(4);
        byte[] buffer = new byte[3000];
        int n;
        while ((n = stream.Read(buffer, 0, sizes.Next(1, buffer.Length))) > 0)
        {
            copy.Write(buffer, 0, n);
        }

        Assert.Equal(data, copy.ToArray());
        Assert.Equal(0, stream.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void Read_InnerFailsAfterSomeBytes_DeliversThemThenThrowsItsErrorOnEveryRead()
    {
        using var stream = new ReadAheadStream(new FailingStream(bytesBeforeFailure: 2500), chunkBytes: 1000, chunks: 2);

        byte[] buffer = new byte[700];
        int total = 0;
        void ReadToTheEnd()
        {
            while (stream.Read(buffer, 0, buffer.Length) is > 0 and int n)
            {
                total += n;
            }
        }

        InvalidDataException error = Assert.Throws<InvalidDataException>(ReadToTheEnd);

        Assert.Equal(2500, total);
        Assert.Equal("damaged", error.Message);
        Assert.Throws<InvalidDataException>(() => stream.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void Dispose_BeforeTheEnd_StopsReadingAheadAndDisposesTheInner()
    {
        var inner = new FailingStream(bytesBeforeFailure: long.MaxValue);
        var stream = new ReadAheadStream(inner, chunkBytes: 100, chunks: 2);
        Assert.Equal(10, stream.Read(new byte[10], 0, 10));

        stream.Dispose();

        Assert.True(inner.Disposed);
        Assert.False(inner.ReadAfterDispose);
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[10], 0, 10));
    }

    /// <summary>Serves zeros, then throws as a damaged gzip stream does.</summary>
    private sealed class FailingStream(long bytesBeforeFailure) : ReadOnlyStream
    {
        private long _served;

        public bool Disposed { get; private set; }

        public bool ReadAfterDispose { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ReadAfterDispose |= Disposed;
            long left = bytesBeforeFailure - _served;
            if (left == 0)
            {
                throw new InvalidDataException("damaged");
            }

            int n = (int)Math.Min(count, left);
            Array.Clear(buffer, offset, n);
            _served += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
