using System.Globalization;
using System.Runtime.ExceptionServices;
using LoadSense.Core;

namespace LoadSense.Recordings.Csv;

/// <summary>
/// The CSV implementation of <see cref="RecordingReader"/>: reads the first
/// <see cref="AnalysisRows"/> samples ahead to learn the rate and check the units, then
/// streams the rest through one reused block.
/// </summary>
internal sealed class CsvRecordingReader : RecordingReader
{
    /// <summary>Samples read ahead for the rate estimate and the units check.</summary>
    internal const int AnalysisRows = 1000;

    /// <summary>Numeric first times at or above this are Unix epoch seconds (1973-03-03).</summary>
    internal const double AbsoluteTimeThreshold = 1e8;

    private const double StandardGravity = 9.80665;

    private readonly SourceStream _source;
    private readonly string _path;
    private readonly long? _length;
    private readonly string _deviceId;
    private readonly int _blockSize;
    private readonly AccelerationUnit _unit;
    private readonly double _startSeconds;
    private readonly double _gapFactor;
    private readonly double _minimumGap;
    private readonly bool _checkUnits;

    private const double MinimumUnitCheckSeconds = 2.0;

    private readonly double[] _windowTime = new double[AnalysisRows];
    private readonly float[] _windowX = new float[AnalysisRows];
    private readonly float[] _windowY = new float[AnalysisRows];
    private readonly float[] _windowZ = new float[AnalysisRows];
    private int _windowCount;

    private CsvParser? _parser;
    private RecordingFormatException? _error;
    private bool _endReached;
    private bool _complete;
    private int _started;
    private bool _disposed;

    private bool _clockKnown;
    private bool _absolute;
    private double _offset;
    private double _previousFileTime;
    private long _firstDataLine;
    private long _lastWindowLine;

    private double _rate;
    private double _gapThreshold = double.PositiveInfinity;
    private double _medianMagnitude = double.NaN;
    private long _rows;
    private long _duplicates;
    private long _gaps;
    private double _first = double.NaN;
    private double _last = double.NaN;

    public CsvRecordingReader(Stream input, bool leaveOpen, string path, long? length, RecordingReaderOptions options)
    {
        _source = new SourceStream(input, leaveOpen);
        _path = path;
        _length = length;
        _deviceId = options.DeviceId ?? DeviceIdFromName(path);
        _blockSize = options.BlockSize;
        _unit = options.Unit;
        _startSeconds = options.Start is { } start
            ? (start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond
            : 0.0;
        _gapFactor = options.GapIntervalFactor;
        _minimumGap = options.MinimumGapSeconds;
        _checkUnits = options.CheckUnits;
    }

    public override string Path => _path;

    public override long? Length => _length;

    public override long BytesRead => _source.BytesRead;

    public override RecordingInfo Info
    {
        get
        {
            ColumnMap? columns = _parser is { HasColumns: true } parser ? parser.Columns : null;
            return new RecordingInfo
            {
                Path = _path,
                FileLength = _length,
                IsCompressed = _parser?.IsCompressed ?? false,
                Delimiter = columns is null ? ',' : (char)columns.Delimiter,
                Columns = columns?.Columns ?? [],
                TimeColumn = columns?.TimeName ?? string.Empty,
                AxisColumns = columns?.AxisNames ?? [],
                TimeIsAbsolute = _absolute,
                FirstTime = _first,
                LastTime = _last,
                RowCount = _rows,
                DuplicateCount = _duplicates,
                GapCount = _gaps,
                SampleRateHz = _rate,
                MedianMagnitudeG = _medianMagnitude,
                IsComplete = _complete,
            };
        }
    }

    public override IEnumerable<SampleBlock> ReadBlocks()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("ReadBlocks can be enumerated once per reader; open a new reader to read the file again.");
        }

        return ReadBlocksCore();
    }

    public override IEnumerable<SampleBlock> ReadBlocksAhead(int blocksAhead = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocksAhead, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blocksAhead, 64);
        IEnumerable<SampleBlock> blocks = ReadBlocks();
        return ReadAheadCore(blocks, blocksAhead);
    }

    /// <summary>Reads the header and the analysis window only, and describes them.</summary>
    internal RecordingInfo Probe()
    {
        _started = 1;
        ReadWindow();
        if (_error is not null)
        {
            throw _error;
        }

        _first = _windowTime[0];
        _last = _windowTime[_windowCount - 1];
        _rows = _windowCount;
        _complete = _endReached;
        return Info;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _parser?.Dispose();
            _source.Dispose();
        }
    }

    private static string DeviceIdFromName(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        foreach (string extension in new[] { ".gz", ".csv", ".txt", ".tsv" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
            }
        }

        return string.IsNullOrWhiteSpace(name) ? "recording" : name;
    }

    private IEnumerable<SampleBlock> ReadBlocksCore()
    {
        ReadWindow();
        var block = new SampleBlock(_deviceId, _blockSize) { SampleRateHz = _rate };
        double previous = double.NaN;
        int fromWindow = 0;
        while (true)
        {
            double time;
            float x;
            float y;
            float z;
            if (fromWindow < _windowCount)
            {
                time = _windowTime[fromWindow];
                x = _windowX[fromWindow];
                y = _windowY[fromWindow];
                z = _windowZ[fromWindow];
                fromWindow++;
            }
            else if (_error is not null || _endReached || !NextSample(out time, out x, out y, out z))
            {
                break;
            }

            bool gap = time - previous > _gapThreshold;
            if (block.Count > 0 && (gap || block.IsFull))
            {
                yield return block;
                block.Clear();
            }

            if (gap)
            {
                block.GapBefore = true;
                _gaps++;
            }

            block.Add(time, x, y, z);
            previous = time;
            if (_rows++ == 0)
            {
                _first = time;
            }

            _last = time;
        }

        if (block.Count > 0)
        {
            yield return block;
        }

        if (_error is not null)
        {
            throw _error;
        }

        _complete = true;
    }

    private IEnumerable<SampleBlock> ReadAheadCore(IEnumerable<SampleBlock> blocks, int blocksAhead)
    {
        // The parser runs on the read-ahead's thread only; disposing the read-ahead (declared
        // last, so disposed first) stops that thread before the enumerator is disposed. Blocks
        // travel in two batches, so that the threads meet once per batch, not once per block.
        using IEnumerator<SampleBlock> parsed = blocks.GetEnumerator();
        BlockBatch[] pool = [new(_deviceId, _blockSize, blocksAhead / 2), new(_deviceId, _blockSize, blocksAhead / 2)];
        using var ahead = new ReadAhead<BlockBatch>(pool, batch => batch.Fill(parsed));
        while (ahead.TryTake(out BlockBatch? batch))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                yield return batch.Blocks[i];
            }

            // A bad line: the blocks before it went out first.
            batch.Error?.Throw();
        }
    }

    /// <summary>
    /// Reads the header and up to <see cref="AnalysisRows"/> samples, estimates the rate and
    /// checks the units. A bad row inside the window is kept in <see cref="_error"/> so the
    /// samples before it can still be delivered.
    /// </summary>
    private void ReadWindow()
    {
        _parser = new CsvParser(_source, _path);
        if (!_parser.TryReadHeader())
        {
            throw _parser.Error!;
        }

        while (_windowCount < AnalysisRows
            && NextSample(out _windowTime[_windowCount], out _windowX[_windowCount], out _windowY[_windowCount], out _windowZ[_windowCount]))
        {
            _windowCount++;
            _lastWindowLine = _parser.LineNumber;
        }

        if (_windowCount == 0)
        {
            throw _error ?? _parser.Fail(_parser.LineNumber, "the file has a header but no samples");
        }

        Analyse();
    }

    /// <summary>Next kept sample, in g and Unix seconds; false at the end or on an error (then <see cref="_error"/> is set).</summary>
    private bool NextSample(out double time, out float x, out float y, out float z)
    {
        CsvParser parser = _parser!;
        while (true)
        {
            RowStatus status = parser.TryReadRow(out double fileTime, out double rawX, out double rawY, out double rawZ);
            if (status != RowStatus.Row)
            {
                time = 0;
                x = y = z = 0;
                if (status == RowStatus.Error)
                {
                    _error = parser.Error;
                }
                else
                {
                    _endReached = true;
                }

                return false;
            }

            if (!_clockKnown)
            {
                _clockKnown = true;
                _absolute = parser.TimeIsText || fileTime >= AbsoluteTimeThreshold;
                _offset = _absolute ? 0.0 : _startSeconds;
                _firstDataLine = parser.LineNumber;
            }
            else if (fileTime <= _previousFileTime)
            {
                if (fileTime == _previousFileTime)
                {
                    _duplicates++;
                    continue;
                }

                _error = parser.Fail(
                    parser.LineNumber,
                    $"time goes backwards: {FormatFileTime(fileTime, parser.TimeIsText)} comes after {FormatFileTime(_previousFileTime, parser.TimeIsText)}: {parser.CurrentLineText()}");
                time = 0;
                x = y = z = 0;
                return false;
            }

            _previousFileTime = fileTime;
            time = fileTime + _offset;
            if (_unit == AccelerationUnit.MetersPerSecondSquared)
            {
                x = (float)(rawX / StandardGravity);
                y = (float)(rawY / StandardGravity);
                z = (float)(rawZ / StandardGravity);
            }
            else
            {
                x = (float)rawX;
                y = (float)rawY;
                z = (float)rawZ;
            }

            return true;
        }
    }

    private void Analyse()
    {
        int n = _windowCount;
        if (n >= 2)
        {
            double[] intervals = new double[n - 1];
            for (int i = 1; i < n; i++)
            {
                intervals[i - 1] = _windowTime[i] - _windowTime[i - 1];
            }

            double medianInterval = Median(intervals);
            _rate = 1.0 / medianInterval;
            _gapThreshold = Math.Max(_gapFactor * medianInterval, _minimumGap);
            if (_rate < 1.0)
            {
                throw _parser!.FailLines(
                    _firstDataLine,
                    _lastWindowLine,
                    string.Create(CultureInfo.InvariantCulture, $"the median interval between samples is {medianInterval:G4} s ({_rate:G3} Hz), too slow for an accelerometer; times must be in seconds (are they milliseconds?)"));
            }
        }

        double[] magnitudes = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = _windowX[i];
            double y = _windowY[i];
            double z = _windowZ[i];
            magnitudes[i] = Math.Sqrt((x * x) + (y * y) + (z * z));
        }

        _medianMagnitude = Median(magnitudes);

        // The median magnitude is near 1 g only over seconds that include stance or rest: a
        // short excerpt cut around one jump (take-off to landing lasts under 2 s) can sit at
        // 2-5 g throughout. Windows shorter than that are not judged.
        bool longEnough = n > 1 && _windowTime[n - 1] - _windowTime[0] >= MinimumUnitCheckSeconds;
        if (_checkUnits && longEnough)
        {
            CheckUnits();
        }
    }

    private void CheckUnits()
    {
        double g = _medianMagnitude;
        string? problem = null;
        if (_unit == AccelerationUnit.G && g is >= 5 and <= 15)
        {
            problem = string.Create(
                CultureInfo.InvariantCulture,
                $"the median magnitude is {g:F2}, which looks like m/s², not g. Read the file with --units ms2 (RecordingReaderOptions.Unit = MetersPerSecondSquared)");
        }
        else if (_unit == AccelerationUnit.MetersPerSecondSquared && g is >= 0.05 and <= 0.15)
        {
            problem = string.Create(
                CultureInfo.InvariantCulture,
                $"the median magnitude is {g * StandardGravity:F2} m/s² ({g:F3} g), which looks like g, not m/s². Read the file with --units g (RecordingReaderOptions.Unit = G)");
        }
        else if (g is < 0.5 or > 2.0)
        {
            string unit = _unit == AccelerationUnit.G ? "g" : "ms2";
            problem = string.Create(
                CultureInfo.InvariantCulture,
                $"the median magnitude is {g:F2} g (read as --units {unit}), far from the 1 g of gravity a worn sensor measures (0.5 to 2 g expected). "
                + $"Check the units (--units g or --units ms2) and that the x, y, z columns hold acceleration with gravity included");
        }

        if (problem is not null)
        {
            throw _parser!.FailLines(_firstDataLine, _lastWindowLine, problem);
        }
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static string FormatFileTime(double fileTime, bool isText) =>
        isText
            ? new DateTime(DateTime.UnixEpoch.Ticks + (long)Math.Round(fileTime * TimeSpan.TicksPerSecond), DateTimeKind.Utc)
                .ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : fileTime.ToString(CultureInfo.InvariantCulture) + " s";

    /// <summary>Copies of consecutive parsed blocks, filled on the read-ahead thread; an error of the parser ends a batch.</summary>
    private sealed class BlockBatch(string deviceId, int blockSize, int blocks)
    {
        public SampleBlock[] Blocks { get; } = [.. Enumerable.Range(0, blocks).Select(_ => new SampleBlock(deviceId, blockSize))];

        public int Count { get; private set; }

        public ExceptionDispatchInfo? Error { get; private set; }

        /// <summary>Copies up to <see cref="Blocks"/>.Length parsed blocks; false when there were none left.</summary>
        public bool Fill(IEnumerator<SampleBlock> parsed)
        {
            Count = 0;
            try
            {
                while (Count < Blocks.Length && parsed.MoveNext())
                {
                    SampleBlock source = parsed.Current;
                    SampleBlock block = Blocks[Count++];
                    block.Clear();
                    block.GapBefore = source.GapBefore;
                    block.SampleRateHz = source.SampleRateHz;
                    for (int i = 0; i < source.Count; i++)
                    {
                        block.Add(source.Time[i], source.X[i], source.Y[i], source.Z[i]);
                    }
                }
            }
            catch (RecordingFormatException ex)
            {
                Error = ExceptionDispatchInfo.Capture(ex);
                return true;
            }

            return Count > 0;
        }
    }
}
