using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LoadSense.Recordings.Csv;

/// <summary>Outcome of reading one row.</summary>
internal enum RowStatus
{
    /// <summary>A row was read.</summary>
    Row,

    /// <summary>The input ended cleanly.</summary>
    End,

    /// <summary>The row or the input is bad; see <see cref="CsvParser.Error"/>.</summary>
    Error,
}

/// <summary>
/// Splits UTF-8 CSV (plain or gzip) into lines over its own byte buffer and parses the time
/// and x, y, z fields of each row without creating strings. Errors are returned, not thrown,
/// so the reader can hand out the samples before the bad line first.
/// </summary>
internal sealed class CsvParser : IDisposable
{
    private const int InitialBufferSize = 1 << 18;
    private const int MaxLineBytes = 1 << 20;
    private const int MaxPreambleLines = 40;

    private static ReadOnlySpan<byte> BgzfEndOfFile =>
    [
        0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43,
        0x02, 0x00, 0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    private readonly SourceStream _source;
    private readonly Stream _content;
    private readonly string _path;
    private readonly string _displayName;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private bool _endOfInput;
    private long _contentBytes;
    private int _lineOffset;
    private int _lineLength;
    private ColumnMap? _columns;
    private bool _dayFirst;
    private bool _timeKindDecided;

    public CsvParser(SourceStream source, string path)
    {
        _source = source;
        _path = path;
        _displayName = System.IO.Path.GetFileName(path) is { Length: > 0 } file ? file : path;
        ReadOnlySpan<byte> magic = source.Peek(2);
        IsCompressed = magic.Length == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        // Decompression costs about as much as parsing: it runs ahead on another core.
        _content = IsCompressed ? new ReadAheadStream(new GZipStream(source, CompressionMode.Decompress, leaveOpen: true)) : source;
    }

    public bool IsCompressed { get; }

    /// <summary>Lines consumed so far, header and blank lines included; the current line's number.</summary>
    public long LineNumber { get; private set; }

    public ColumnMap Columns => _columns ?? throw new InvalidOperationException("The header has not been read.");

    /// <summary>Whether the time column holds text timestamps (decided on the first row).</summary>
    public bool TimeIsText { get; private set; }

    /// <summary>Set when a method returns <see cref="RowStatus.Error"/>.</summary>
    public RecordingFormatException? Error { get; private set; }

    public void Dispose()
    {
        if (IsCompressed)
        {
            _content.Dispose();
        }
    }

    /// <summary>Reads the header (after an ActiGraph preamble, if any); false with <see cref="Error"/> set on failure.</summary>
    public bool TryReadHeader()
    {
        if (!TryReadNonBlankLine(out ReadOnlySpan<byte> line))
        {
            Error ??= Fail(0, "the file is empty (expected a header such as t,x,y,z)");
            return false;
        }

        if (line.StartsWith("---"u8) && line.IndexOf("ActiGraph"u8) >= 0)
        {
            // ActiGraph CSV exports open with ten lines of settings between dashed rules; the
            // first rule states the date format.
            _dayFirst = line.IndexOf("d/M/yyyy"u8) >= 0 || line.IndexOf("dd/MM/yyyy"u8) >= 0;
            bool closed = false;
            for (int i = 0; i < MaxPreambleLines && TryReadLine(out line); i++)
            {
                if (line.StartsWith("---"u8))
                {
                    closed = true;
                    break;
                }
            }

            if (!closed || !TryReadNonBlankLine(out line))
            {
                Error ??= Fail(LineNumber, "the ActiGraph preamble is not followed by a header line");
                return false;
            }
        }

        _columns = ColumnMap.TryCreate(line, out char delimiter, out string[] found, out List<string> missing);
        if (_columns is null)
        {
            string foundList = string.Join(", ", found.Select(c => "\"" + c + "\""));
            string hint = LooksLikeData(found) ? " The first line looks like data: add a header line such as t,x,y,z." : string.Empty;
            string delimiterName = delimiter switch
            {
                '\t' => "tab",
                ';' => "semicolon",
                _ => "comma",
            };
            Error = Fail(
                LineNumber,
                $"cannot find the {string.Join(", ", missing)} column{(missing.Count > 1 ? "s" : string.Empty)} in the header. "
                + $"Found {found.Length} column{(found.Length == 1 ? string.Empty : "s")} ({delimiterName}-separated): {foundList}. "
                + $"Needs {ColumnMap.NeededDescription}.{hint}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads the next data row. <paramref name="fileTime"/> is the time column as written:
    /// seconds, or Unix seconds for text timestamps. Blank lines are skipped.
    /// </summary>
    public RowStatus TryReadRow(out double fileTime, out double x, out double y, out double z)
    {
        fileTime = x = y = z = 0;
        ReadOnlySpan<byte> line;
        do
        {
            if (!TryReadLine(out line))
            {
                return Error is null ? RowStatus.End : RowStatus.Error;
            }
        }
        while (IsBlank(line));

        ColumnMap map = _columns!;
        sbyte[] roles = map.Roles;
        byte delimiter = map.Delimiter;
        int column = 0;
        int position = 0;
        int found = 0;
        while (true)
        {
            int role = column < roles.Length ? roles[column] : -1;
            double value = 0;
            int used = 0;
            int end;

            // Most fields are a plain number ending at the delimiter: parsed where they stand,
            // without first searching for the delimiter. Anything else (quotes, spaces,
            // exponents, decimal commas, text times) takes the general way below.
            bool plain = role >= 0 && (role > 0 || (_timeKindDecided && !TimeIsText))
                && Utf8Number.TryParsePrefix(line[position..], out value, out used)
                && (position + used == line.Length || line[position + used] == delimiter);
            if (plain)
            {
                end = position + used;
            }
            else
            {
                int relative = line[position..].IndexOf(delimiter);
                end = relative < 0 ? line.Length : position + relative;
                if (role >= 0 && !TryParseField(line, line[position..end], column, role, delimiter, out value))
                {
                    return RowStatus.Error;
                }
            }

            if (role >= 0)
            {
                switch (role)
                {
                    case 0: fileTime = value; break;
                    case 1: x = value; break;
                    case 2: y = value; break;
                    default: z = value; break;
                }

                if (++found == 4)
                {
                    return RowStatus.Row;
                }
            }

            if (end == line.Length)
            {
                break;
            }

            position = end + 1;
            column++;
        }

        Error = Fail(
            LineNumber,
            string.Create(CultureInfo.InvariantCulture, $"expected {map.NeededFields} columns, found {line.Count(delimiter) + 1}: {Quote(line)}"));
        return RowStatus.Error;
    }

    /// <summary>Parses a needed field (quoted or not); false with <see cref="Error"/> set when it is not a number or time.</summary>
    private bool TryParseField(ReadOnlySpan<byte> line, ReadOnlySpan<byte> field, int column, int role, byte delimiter, out double value)
    {
        if (field.Length > 1 && field[0] == (byte)'"' && field[^1] == (byte)'"')
        {
            field = field[1..^1];
        }

        bool ok = role == 0 ? TryParseTime(field, out value) : TryParseNumber(field, delimiter, out value);
        if (!ok)
        {
            Error = BadField(line, field, column, role == 0);
        }

        return ok;
    }

    /// <summary>The current line as text, quoted and shortened, for messages.</summary>
    public string CurrentLineText() => Quote(_buffer.AsSpan(_lineOffset, _lineLength));

    public RecordingFormatException Fail(long line, string problem) =>
        new(_path, line, line > 0 ? $"{_displayName} line {line.ToString(CultureInfo.InvariantCulture)}: {problem}" : $"{_displayName}: {problem}");

    /// <summary>An error about a range of lines (a check over the first samples); <see cref="RecordingFormatException.LineNumber"/> is the first.</summary>
    public RecordingFormatException FailLines(long first, long last, string problem) =>
        new(_path, first, first == last
            ? $"{_displayName} line {first.ToString(CultureInfo.InvariantCulture)}: {problem}"
            : $"{_displayName} lines {first.ToString(CultureInfo.InvariantCulture)}-{last.ToString(CultureInfo.InvariantCulture)}: {problem}");

    /// <summary>Whether the header has been read successfully.</summary>
    public bool HasColumns => _columns is not null;

    private static bool LooksLikeData(string[] fields) =>
        fields.Length > 1 && fields.All(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim((byte)' ').IsEmpty;

    private static string Quote(ReadOnlySpan<byte> line)
    {
        const int MaxChars = 120;
        string text = Encoding.UTF8.GetString(line.Length > MaxChars * 4 ? line[..(MaxChars * 4)] : line);
        return "\"" + (text.Length > MaxChars ? text[..MaxChars] + "…" : text) + "\"";
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> field, byte delimiter, out double value)
    {
        if (Utf8Number.TryParse(field, out value))
        {
            return true;
        }

        // With ';' or tab between fields, European exports write decimal commas.
        if (delimiter != (byte)',' && field.Length <= 64 && field.IndexOf((byte)',') >= 0)
        {
            Span<byte> copy = stackalloc byte[field.Length];
            field.CopyTo(copy);
            copy.Replace((byte)',', (byte)'.');
            return Utf8Number.TryParse(copy, out value);
        }

        return false;
    }

    private bool TryParseTime(ReadOnlySpan<byte> field, out double value)
    {
        if (TimeIsText)
        {
            return Utf8Timestamp.TryParse(field, _dayFirst, out value);
        }

        if (TryParseNumber(field, _columns!.Delimiter, out value))
        {
            _timeKindDecided = true;
            return true;
        }

        // The first row decides: text timestamps are accepted only from the start.
        if (!_timeKindDecided && Utf8Timestamp.TryParse(field, _dayFirst, out value))
        {
            TimeIsText = true;
            _timeKindDecided = true;
            return true;
        }

        return false;
    }

    private RecordingFormatException BadField(ReadOnlySpan<byte> line, ReadOnlySpan<byte> field, int column, bool isTime)
    {
        string name = Columns.Columns[column];
        string what = isTime
            ? (TimeIsText ? "a timestamp (yyyy-MM-ddTHH:mm:ss.fff or M/d/yyyy H:mm:ss.fff)" : "a time in seconds")
            : "a number";
        return Fail(LineNumber, $"cannot read {Quote(field)} in column {name} as {what}: {Quote(line)}");
    }

    private bool TryReadNonBlankLine(out ReadOnlySpan<byte> line)
    {
        while (TryReadLine(out line))
        {
            if (!IsBlank(line))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Next line without its terminator (LF or CRLF); false at the end or on an input error.</summary>
    private bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                TakeLine(newline, 1, out line);
                return true;
            }

            if (_endOfInput)
            {
                if (_end > _start)
                {
                    TakeLine(_end - _start, 0, out line);
                    return true;
                }

                line = default;
                return false;
            }

            if (!Fill())
            {
                line = default;
                return false;
            }
        }
    }

    private void TakeLine(int length, int terminator, out ReadOnlySpan<byte> line)
    {
        int offset = _start;
        if (LineNumber == 0 && length >= 3 && _buffer.AsSpan(offset, 3).SequenceEqual("\uFEFF"u8))
        {
            offset += 3;
            length -= 3;
        }

        _start += (offset - _start) + length + terminator;
        if (length > 0 && _buffer[offset + length - 1] == (byte)'\r')
        {
            length--;
        }

        LineNumber++;
        _lineOffset = offset;
        _lineLength = length;
        line = _buffer.AsSpan(offset, length);
    }

    /// <summary>Reads more input after the unread bytes; false (with <see cref="Error"/>) when the input is bad.</summary>
    private bool Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                Error = Fail(LineNumber + 1, "the line is longer than 1 MB; is this a CSV file?");
                return false;
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int n;
        try
        {
            n = _content.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException ex)
        {
            Error = Truncated(ex);
            return false;
        }

        if (n == 0)
        {
            _endOfInput = true;
            if (IsCompressed && !GzipEndIsIntact())
            {
                Error = Truncated(null);
                return false;
            }

            return true;
        }

        _end += n;
        _contentBytes += n;
        return true;
    }

    /// <summary>
    /// .NET's GZipStream ends quietly when the compressed data stops early, so compare the
    /// decompressed length with the trailer's ISIZE (length mod 2³²) of the last member. A cut
    /// file ends in compressed bits that match by chance once in 2³². BGZF files end with an
    /// empty member, recognised as intact; other concatenated multi-member files cannot be
    /// verified this way and are reported as truncated.
    /// </summary>
    private bool GzipEndIsIntact()
    {
        _source.Drain();
        ReadOnlySpan<byte> tail = _source.Tail;
        if (tail.Length == SourceStream.TailCapacity && tail.SequenceEqual(BgzfEndOfFile))
        {
            return true;
        }

        if (_source.BytesRead < 18 || tail.Length < 4)
        {
            return false;
        }

        uint isize = BinaryPrimitives.ReadUInt32LittleEndian(tail[^4..]);
        return isize == unchecked((uint)_contentBytes);
    }

    private RecordingFormatException Truncated(Exception? cause)
    {
        // Lines complete so far are valid; the partial line in the buffer is dropped.
        long complete = LineNumber;
        string detail = cause is null ? "the gzip data ends early" : "the gzip data is damaged: " + cause.Message;
        return new RecordingFormatException(
            _path,
            complete,
            $"{_displayName}: the file is truncated after line {complete.ToString(CultureInfo.InvariantCulture)} ({detail})",
            cause);
    }
}
