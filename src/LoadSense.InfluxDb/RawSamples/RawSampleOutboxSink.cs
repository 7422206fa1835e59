using System.Threading.Channels;
using LoadSense.Core;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.LineProtocol;
using LoadSense.InfluxDb.Outbox;
using LoadSense.Storage.Outbox;
using Microsoft.Extensions.Logging;

namespace LoadSense.InfluxDb.RawSamples;

/// <summary>
/// Writes raw samples to measurement <c>raw_samples</c> (tags <c>device</c>, <c>patient</c>,
/// <c>placement</c>; float fields <c>x</c>, <c>y</c>, <c>z</c> in g; time in microseconds) on
/// <see cref="InfluxDbOptions.RawRetentionPolicy"/>, through the outbox. <see cref="Write"/>
/// encodes the block's spans into line protocol at once; every <see cref="InfluxDbOptions.BatchPoints"/>
/// points the encoded batch goes to a queue of at most <see cref="QueuedBatches"/> batches that
/// one task commits to the outbox, and <see cref="Write"/> waits while that queue is full (the
/// analysis slows to the pace of the local disk, nothing is lost). Loss policy: when
/// <see cref="InfluxDbOptions.RawMaxPendingPoints"/> raw points already wait in the outbox
/// (InfluxDB unreachable for long), further raw batches are dropped, counted and logged as a
/// warning, so that raw samples never crowd out events, minutes, days or telemetry.
/// </summary>
internal sealed class RawSampleOutboxSink : IRawSampleSink
{
    /// <summary>Encoded batches waiting for the outbox.</summary>
    public const int QueuedBatches = 4;

    private static readonly byte[] XKey = "x"u8.ToArray();
    private static readonly byte[] YKey = "y"u8.ToArray();
    private static readonly byte[] ZKey = "z"u8.ToArray();

    private readonly OutboxLoadStore _store;
    private readonly string _patientId;
    private readonly InfluxDbOptions _options;
    private readonly ILogger _logger;
    private readonly OutboxRoute _route;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Device, Placement Placement), byte[]> _seriesKeys = [];
    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true });
    private readonly Channel<LineProtocolWriter> _spare = Channel.CreateUnbounded<LineProtocolWriter>();
    private readonly Task _consumer;
    private LineProtocolWriter _writer;
    private long _dropped;
    private bool _disposed;

    public RawSampleOutboxSink(OutboxLoadStore store, string patientId, InfluxDbOptions options, ILogger logger)
    {
        _store = store;
        _patientId = patientId;
        _options = options;
        _logger = logger;
        _route = new OutboxRoute(options.RawRetentionPolicy, MaxPoints: options.RawMaxPendingPoints);
        _writer = NewWriter();
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>Raw points dropped at the outbox's raw cap so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc/>
    public void Write(SampleBlock block, Placement placement)
    {
        ArgumentNullException.ThrowIfNull(block);
        LineProtocolWriter? full = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_seriesKeys.TryGetValue((block.DeviceId, placement), out byte[]? key))
            {
                key = LineProtocolWriter.SeriesKey(InfluxSchema.RawSamples, ("device", block.DeviceId), ("patient", _patientId), ("placement", InfluxSchema.ToTag(placement)));
                _seriesKeys[(block.DeviceId, placement)] = key;
            }

            _writer.ThreeAxisPoints(key, XKey, YKey, ZKey, block.Time, block.X, block.Y, block.Z, InfluxSchema.TicksPerSecond);
            if (_writer.PointCount >= _options.BatchPoints)
            {
                full = _writer;
                _writer = TakeSpare();
            }
        }

        if (full is not null)
        {
            // Waits while the queue is full: the caller's stream slows to the outbox's pace.
            Hand(new Item(full, null));
        }
    }

    /// <inheritdoc/>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        LineProtocolWriter partial;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            partial = _writer;
            _writer = TakeSpare();
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Item(partial, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
        }

        try
        {
            await FlushAsync();
        }
        finally
        {
            lock (_lock)
            {
                _disposed = true;
            }

            _queue.Writer.TryComplete();
            await _consumer;
        }
    }

    private static LineProtocolWriter NewWriter() => new(64 * 1024);

    private LineProtocolWriter TakeSpare() => _spare.Reader.TryRead(out LineProtocolWriter? writer) ? writer : NewWriter();

    private void Hand(Item item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            _queue.Writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task ConsumeAsync()
    {
        await foreach (Item item in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await CommitAsync(item.Lines);
                item.Done?.TrySetResult();
            }
            catch (Exception ex)
            {
                item.Done?.TrySetException(ex);
                if (item.Done is null)
                {
                    Log.RawSamplesDropped(_logger, _patientId, item.Lines.PointCount, ex.Message, Interlocked.Add(ref _dropped, item.Lines.PointCount));
                }
            }
            finally
            {
                item.Lines.Clear();
                _spare.Writer.TryWrite(item.Lines);
            }
        }
    }

    private async Task CommitAsync(LineProtocolWriter lines)
    {
        if (lines.PointCount == 0)
        {
            return;
        }

        try
        {
            await _store.EnqueueAsync(lines.WrittenMemory, lines.PointCount, _route, CancellationToken.None, sendInBackground: true);
        }
        catch (OutboxFullException ex)
        {
            long total = Interlocked.Add(ref _dropped, lines.PointCount);
            Log.RawSamplesDropped(_logger, _patientId, lines.PointCount, ex.Message, total);
        }
    }

    private sealed record Item(LineProtocolWriter Lines, TaskCompletionSource? Done);
}
