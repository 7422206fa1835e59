namespace LoadSense.Recordings;

/// <summary>
/// What a reader learned about a recording: its columns, its clock, its rate and its size.
/// From <see cref="RecordingReader.Probe(string, RecordingReaderOptions?)"/> it describes the
/// first 1000 samples; from <see cref="RecordingReader.Info"/> after reading, the whole file
/// (<see cref="IsComplete"/> tells which).
/// </summary>
public sealed class RecordingInfo
{
    /// <summary>The file path, or the name given for a stream.</summary>
    public required string Path { get; init; }

    /// <summary>The file's length in bytes as stored (compressed for gzip); null for a stream that cannot seek.</summary>
    public long? FileLength { get; init; }

    /// <summary>Whether the content is gzip (detected from the magic bytes 1f 8b, not the name).</summary>
    public bool IsCompressed { get; init; }

    /// <summary>The field delimiter found in the header: <c>,</c>, <c>;</c> or a tab.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Every column name in the header, trimmed and unquoted, in file order.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>The header name of the column read as time.</summary>
    public string TimeColumn { get; init; } = string.Empty;

    /// <summary>The header names of the columns read as x, y and z.</summary>
    public IReadOnlyList<string> AxisColumns { get; init; } = [];

    /// <summary>
    /// True when the file's times are absolute and were kept (numeric Unix epoch seconds, first
    /// value ≥ 1e8, or text timestamps); false when they are relative and were added to
    /// <see cref="RecordingReaderOptions.Start"/>.
    /// </summary>
    public bool TimeIsAbsolute { get; init; }

    /// <summary>The first sample's time, seconds since 1970-01-01 UTC (NaN before any sample was read).</summary>
    public double FirstTime { get; init; } = double.NaN;

    /// <summary>The last sample's time read so far, seconds since 1970-01-01 UTC (NaN before any sample was read).</summary>
    public double LastTime { get; init; } = double.NaN;

    /// <summary>Samples read (duplicates excluded).</summary>
    public long RowCount { get; init; }

    /// <summary>Rows skipped because their time equalled the previous sample's.</summary>
    public long DuplicateCount { get; init; }

    /// <summary>Gaps found (blocks that start with <c>GapBefore</c> set).</summary>
    public long GapCount { get; init; }

    /// <summary>The nominal rate, 1 / median interval of the first 1000 samples, in Hz; 0 with fewer than two samples.</summary>
    public double SampleRateHz { get; init; }

    /// <summary>The median magnitude √(x²+y²+z²) of the first 1000 samples, in g after unit conversion.</summary>
    public double MedianMagnitudeG { get; init; } = double.NaN;

    /// <summary>True when the figures cover the whole file (reading finished without error).</summary>
    public bool IsComplete { get; init; }
}
