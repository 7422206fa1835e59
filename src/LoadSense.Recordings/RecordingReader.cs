using LoadSense.Core;
using LoadSense.Recordings.Csv;

namespace LoadSense.Recordings;

/// <summary>
/// Reads an accelerometer recording, CSV or gzip-compressed CSV (recognised by its magic
/// bytes, whatever the file is called), as a sequence of <see cref="SampleBlock"/>s in g with
/// times in seconds since the Unix epoch.
/// </summary>
/// <remarks>
/// <para>The header (line 1, or the line after an ActiGraph preamble) names a time column and
/// x, y, z columns, in any order among others, separated by commas, semicolons or tabs
/// (whichever the header uses most). Names match case-insensitively, trimmed and unquoted:
/// time is <c>t</c>, <c>time</c>, <c>timestamp</c>, <c>time_s</c>, <c>seconds</c> or
/// <c>epoch</c>; x is <c>x</c>, <c>ax</c>, <c>acc_x</c>, <c>accel_x</c>,
/// <c>acceleration_x</c>, <c>Accelerometer X</c> or any of these with a <c>_g</c> suffix
/// (<c>x_g</c>); likewise y and z. Other columns are ignored.</para>
/// <para>Times are absolute and kept when the first value is ≥ 1e8 (Unix epoch seconds) or
/// is a text timestamp (ISO 8601, <c>yyyy-MM-dd HH:mm:ss.fff</c>, ActiGraph
/// <c>M/d/yyyy H:mm:ss.fff</c>; UTC unless an offset is given); otherwise they are seconds
/// relative to <see cref="RecordingReaderOptions.Start"/>. A row with the same time as the
/// previous one is a duplicate and skipped; a time earlier than the previous one is an error.</para>
/// <para>The first 1000 samples set <see cref="SampleBlock.SampleRateHz"/> (1 / median interval)
/// and are checked for plausible units. A reader is single-use and not thread-safe, except
/// <see cref="BytesRead"/>, which a progress display may poll from another thread.
/// To observe it with Rx: <c>Observable.Using(() =&gt; RecordingReader.Open(path), r =&gt; r.ReadBlocks().ToObservable())</c>.</para>
/// </remarks>
public abstract class RecordingReader : IDisposable
{
    private protected RecordingReader()
    {
    }

    /// <summary>The file path, or the name given for a stream (used in error messages).</summary>
    public abstract string Path { get; }

    /// <summary>The input's length in bytes as stored (compressed for gzip); null for a stream that cannot seek.</summary>
    public abstract long? Length { get; }

    /// <summary>
    /// Bytes consumed from the input so far (compressed bytes for gzip), for a progress bar
    /// against <see cref="Length"/>. Safe to read from any thread while reading.
    /// </summary>
    public abstract long BytesRead { get; }

    /// <summary>
    /// What has been learned so far: columns, clock, rate, counts. After
    /// <see cref="ReadBlocks"/> has run to the end, it describes the whole file
    /// (<see cref="RecordingInfo.IsComplete"/>); after an error, the samples before it.
    /// </summary>
    public abstract RecordingInfo Info { get; }

    /// <summary>
    /// Opens a recording file. Parsing starts when <see cref="ReadBlocks"/> is enumerated.
    /// </summary>
    /// <param name="path">A <c>.csv</c> or gzip file.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its documented range.</exception>
    public static RecordingReader Open(string path, RecordingReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new RecordingReaderOptions();
        options.Validate();
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        try
        {
            return new CsvRecordingReader(file, leaveOpen: false, path, file.Length, options);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads a recording from a stream (plain or gzip; it need not seek).</summary>
    /// <param name="stream">The content, read from its current position.</param>
    /// <param name="name">A name for messages and the default device id, e.g. the original file name.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    public static RecordingReader Open(Stream stream, string name, RecordingReaderOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new RecordingReaderOptions();
        options.Validate();
        long? length = stream.CanSeek ? stream.Length - stream.Position : null;
        return new CsvRecordingReader(stream, leaveOpen, name, length, options);
    }

    /// <summary>
    /// Reads only the header and the first 1000 samples, cheaply: columns, delimiter, whether
    /// times are absolute, the sample rate, the median magnitude, and the file length. It
    /// applies the same checks as reading, so a wrong unit or a bad header fails here first.
    /// </summary>
    /// <exception cref="RecordingFormatException">The header or the first rows cannot be read, or the units look wrong.</exception>
    public static RecordingInfo Probe(string path, RecordingReaderOptions? options = null)
    {
        using RecordingReader reader = Open(path, options);
        return ((CsvRecordingReader)reader).Probe();
    }

    /// <summary>
    /// Reads the whole recording without keeping anything and returns what it holds (e.g. its last
    /// time, for a duration). A bad line ends the reading there quietly: reading it for real reports it.
    /// </summary>
    public static RecordingInfo ReadToEnd(string path, RecordingReaderOptions? options = null)
    {
        using RecordingReader reader = Open(path, options);
        try
        {
            foreach (SampleBlock _ in reader.ReadBlocks())
            {
                // Only the reader's description of the file is wanted.
            }
        }
        catch (RecordingFormatException)
        {
            // Reported by the reading that follows, with the samples before it kept.
        }

        return reader.Info;
    }

    /// <summary>
    /// Parses the recording into blocks of up to <see cref="RecordingReaderOptions.BlockSize"/>
    /// samples. Can be enumerated once.
    /// </summary>
    /// <remarks>
    /// <para>The SAME <see cref="SampleBlock"/> instance is yielded every time, cleared and
    /// refilled after the consumer's loop body (or <c>OnNext</c>) returns: copy what you keep.</para>
    /// <para>A block never spans a gap: an interval longer than
    /// max(<see cref="RecordingReaderOptions.GapIntervalFactor"/> × median interval,
    /// <see cref="RecordingReaderOptions.MinimumGapSeconds"/>) (defaults 3 and 0.5 s) ends the
    /// block, and the next one has <see cref="SampleBlock.GapBefore"/> set.</para>
    /// <para>On a bad line the samples before it are yielded first, then
    /// <see cref="RecordingFormatException"/> is thrown; they stay valid.</para>
    /// <para>A gzip file cut short is reported as truncated after its last complete line: the
    /// decompressed length is checked against the gzip trailer, because the framework's
    /// decompressor ends quietly on truncated input. Concatenated multi-member gzip files
    /// cannot be verified that way and are reported as truncated too, except BGZF files,
    /// which end with a recognisable empty member.</para>
    /// </remarks>
    /// <exception cref="RecordingFormatException">The file cannot be read as a recording (thrown during enumeration).</exception>
    /// <exception cref="InvalidOperationException">Called a second time.</exception>
    public abstract IEnumerable<SampleBlock> ReadBlocks();

    /// <summary>
    /// Like <see cref="ReadBlocks"/>, but parses on a background thread up to
    /// <paramref name="blocksAhead"/> blocks ahead, so that parsing and what the caller does with
    /// the blocks (the analysis) run on two cores. The blocks come from a small pool: each is
    /// valid until the next one is requested; copy what you keep. Errors arrive as with
    /// <see cref="ReadBlocks"/>, after the blocks before them. Can be enumerated once, and not
    /// together with <see cref="ReadBlocks"/>.
    /// </summary>
    /// <param name="blocksAhead">Blocks parsed ahead (2 to 64), handed over in two batches of half as many.</param>
    /// <exception cref="RecordingFormatException">The file cannot be read as a recording (thrown during enumeration).</exception>
    /// <exception cref="InvalidOperationException">Called a second time.</exception>
    public abstract IEnumerable<SampleBlock> ReadBlocksAhead(int blocksAhead = 16);

    /// <summary>Closes the input.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the input when <paramref name="disposing"/> is true.</summary>
    protected abstract void Dispose(bool disposing);
}
