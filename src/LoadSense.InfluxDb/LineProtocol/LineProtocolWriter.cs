using System.Buffers;
using System.Globalization;
using System.Text;

namespace LoadSense.InfluxDb.LineProtocol;

/// <summary>
/// Writes InfluxDB line protocol (UTF-8) into a growing buffer, one point at a time:
/// <see cref="Measurement"/>, then any <see cref="Tag"/>s, then at least one field, then
/// <see cref="Timestamp"/>. Escaping follows the line protocol reference: commas and spaces in
/// measurement names; commas, equals signs and spaces in tag keys, tag values and field keys;
/// double quotes and backslashes in string field values. Line breaks cannot be escaped outside
/// string fields and are refused, as are empty names and names ending in a backslash (the
/// backslash would escape the separator that follows). Not thread-safe.
/// </summary>
internal sealed class LineProtocolWriter
{
    // The largest nanosecond timestamp InfluxDB keeps, rounded down (an int64 less its reserved ends).
    private const double InfluxNanosecondLimit = 9.2e18;

    private static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(", ");
    private static readonly SearchValues<char> KeySpecials = SearchValues.Create(",= ");
    private static readonly SearchValues<char> StringSpecials = SearchValues.Create("\"\\");
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n");

    private readonly ArrayBufferWriter<byte> _buffer;
    private State _state = State.BetweenPoints;
    private int _pointStart;

    /// <summary>Creates a writer with an initial buffer of <paramref name="initialCapacity"/> bytes.</summary>
    public LineProtocolWriter(int initialCapacity = 4096)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
    }

    private enum State
    {
        BetweenPoints,
        Tags,
        Fields,
    }

    /// <summary>Complete points written since the last <see cref="Clear"/>.</summary>
    public int PointCount { get; private set; }

    /// <summary>The complete points, newline-terminated.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _state == State.BetweenPoints
        ? _buffer.WrittenMemory
        : throw new InvalidOperationException("A point is still open; end it with Timestamp.");

    /// <summary>Forgets every point.</summary>
    public void Clear()
    {
        _buffer.Clear();
        _state = State.BetweenPoints;
        PointCount = 0;
    }

    /// <summary>Starts a point.</summary>
    public void Measurement(ReadOnlySpan<char> name)
    {
        Expect(State.BetweenPoints, nameof(Measurement));
        CheckName(name, "measurement name");
        _pointStart = _buffer.WrittenCount;
        WriteEscaped(name, MeasurementSpecials);
        _state = State.Tags;
    }

    /// <summary>Adds a tag. InfluxDB stores tags best in key order; callers write them sorted.</summary>
    public void Tag(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        Expect(State.Tags, nameof(Tag));
        CheckName(key, "tag key");
        CheckName(value, "tag value");
        WriteAscii((byte)',');
        WriteEscaped(key, KeySpecials);
        WriteAscii((byte)'=');
        WriteEscaped(value, KeySpecials);
    }

    /// <summary>Adds a float field. NaN and infinities cannot be written; the field is left out and false returned.</summary>
    public bool Field(ReadOnlySpan<char> key, double value)
    {
        if (!double.IsFinite(value))
        {
            StartField(key, write: false);
            return false;
        }

        StartField(key, write: true);

        // "R" is the shortest text that parses back to the same double, which InfluxDB's parser does.
        Span<byte> span = _buffer.GetSpan(32);
        if (!value.TryFormat(span, out int written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A double did not fit in 32 bytes.");
        }

        _buffer.Advance(written);
        return true;
    }

    /// <summary>Adds an integer field (written with the <c>i</c> suffix).</summary>
    public void Field(ReadOnlySpan<char> key, long value)
    {
        StartField(key, write: true);
        Span<byte> span = _buffer.GetSpan(21);
        value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
        span[written] = (byte)'i';
        _buffer.Advance(written + 1);
    }

    /// <summary>Adds a boolean field.</summary>
    public void Field(ReadOnlySpan<char> key, bool value)
    {
        StartField(key, write: true);
        WriteUtf8(value ? "true" : "false");
    }

    /// <summary>Adds a string field.</summary>
    public void Field(ReadOnlySpan<char> key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StartField(key, write: true);
        WriteAscii((byte)'"');
        WriteEscaped(value, StringSpecials);
        WriteAscii((byte)'"');
    }

    /// <summary>
    /// The escaped start of a point, <c>measurement,tag=value,…</c>, for <see cref="ThreeAxisPoints"/>;
    /// tags in the order given (callers pass them sorted by key).
    /// </summary>
    public static byte[] SeriesKey(ReadOnlySpan<char> measurement, params ReadOnlySpan<(string Key, string Value)> tags)
    {
        var writer = new LineProtocolWriter(256);
        writer.Measurement(measurement);
        foreach ((string key, string value) in tags)
        {
            writer.Tag(key, value);
        }

        return writer._buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes one point per sample, <c>seriesKey x=…,y=…,z=… time</c>, straight from the spans
    /// without allocating: the float fields named <paramref name="xKey"/>, <paramref name="yKey"/>,
    /// <paramref name="zKey"/> (UTF-8 field keys that need no escaping, e.g. <c>"x"u8</c>) and a
    /// timestamp of <paramref name="seconds"/> × <paramref name="ticksPerSecond"/>, rounded. A
    /// non-finite axis is left out of its point; a sample with no finite axis is skipped.
    /// </summary>
    /// <returns>The points written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A timestamp is not finite or outside InfluxDB's range (the points before it stay written and counted).</exception>
    public int ThreeAxisPoints(
        ReadOnlySpan<byte> seriesKey, ReadOnlySpan<byte> xKey, ReadOnlySpan<byte> yKey, ReadOnlySpan<byte> zKey,
        ReadOnlySpan<double> seconds, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, double ticksPerSecond)
    {
        Expect(State.BetweenPoints, nameof(ThreeAxisPoints));
        int count = seconds.Length;
        if (x.Length != count || y.Length != count || z.Length != count)
        {
            throw new ArgumentException("The time and axis spans differ in length.", nameof(seconds));
        }

        // Longest line: key, three fields of at most 16 bytes plus names and separators, a 20-digit timestamp.
        int maxLine = seriesKey.Length + xKey.Length + yKey.Length + zKey.Length + (3 * 18) + 24;

        // InfluxDB keeps nanoseconds in an int64 (1677-09-21 to 2262-04-11): that span in the caller's ticks.
        double limit = InfluxNanosecondLimit / 1e9 * ticksPerSecond;
        int written = 0;
        for (int i = 0; i < count; i++)
        {
            double ticks = Math.Round(seconds[i] * ticksPerSecond);
            if (!double.IsFinite(ticks) || Math.Abs(ticks) >= limit)
            {
                throw new ArgumentOutOfRangeException(nameof(seconds), seconds[i], "A sample time is not finite or is out of InfluxDB's range.");
            }

            Span<byte> line = _buffer.GetSpan(maxLine);
            seriesKey.CopyTo(line);
            int at = seriesKey.Length;
            byte separator = (byte)' ';
            at = AxisField(line, at, ref separator, xKey, x[i]);
            at = AxisField(line, at, ref separator, yKey, y[i]);
            at = AxisField(line, at, ref separator, zKey, z[i]);
            if (separator == (byte)' ')
            {
                continue;
            }

            line[at++] = (byte)' ';
            ((long)ticks).TryFormat(line[at..], out int digits, default, CultureInfo.InvariantCulture);
            at += digits;
            line[at++] = (byte)'\n';
            _buffer.Advance(at);
            written++;
            PointCount++;
        }

        return written;
    }

    private static int AxisField(Span<byte> line, int at, ref byte separator, ReadOnlySpan<byte> key, float value)
    {
        if (!float.IsFinite(value))
        {
            return at;
        }

        line[at++] = separator;
        separator = (byte)',';
        key.CopyTo(line[at..]);
        at += key.Length;
        line[at++] = (byte)'=';

        // A float's shortest round-trip text: at most 15 bytes ("-1.2345678E-38").
        value.TryFormat(line[at..], out int length, default, CultureInfo.InvariantCulture);
        return at + length;
    }

    /// <summary>Ends the point with its timestamp, in the precision the write request names.</summary>
    /// <exception cref="InvalidOperationException">The point has no field (InfluxDB refuses such a line).</exception>
    public void Timestamp(long timestamp)
    {
        if (_state != State.Fields)
        {
            // Roll back the half-written point so the buffer stays valid.
            if (_state == State.Tags)
            {
                Truncate(_pointStart);
                _state = State.BetweenPoints;
            }

            throw new InvalidOperationException("A point needs at least one field before its timestamp.");
        }

        WriteAscii((byte)' ');
        Span<byte> span = _buffer.GetSpan(21);
        timestamp.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
        span[written] = (byte)'\n';
        _buffer.Advance(written + 1);
        _state = State.BetweenPoints;
        PointCount++;
    }

    private void StartField(ReadOnlySpan<char> key, bool write)
    {
        if (_state is not (State.Tags or State.Fields))
        {
            throw new InvalidOperationException("Start a point with Measurement before its fields.");
        }

        CheckName(key, "field key");
        if (!write)
        {
            return;
        }

        WriteAscii(_state == State.Tags ? (byte)' ' : (byte)',');
        WriteEscaped(key, KeySpecials);
        WriteAscii((byte)'=');
        _state = State.Fields;
    }

    private void Expect(State state, string call)
    {
        if (_state != state)
        {
            throw new InvalidOperationException($"{call} cannot come here: the writer is at {_state}.");
        }
    }

    private static void CheckName(ReadOnlySpan<char> name, string what)
    {
        if (name.IsEmpty)
        {
            throw new ArgumentException($"A {what} cannot be empty in line protocol.", nameof(name));
        }

        if (name.ContainsAny(LineBreaks))
        {
            throw new ArgumentException($"A {what} cannot contain a line break in line protocol: '{name}'.", nameof(name));
        }

        if (name[^1] == '\\')
        {
            throw new ArgumentException($"A {what} cannot end with a backslash in line protocol: '{name}'.", nameof(name));
        }
    }

    private void WriteEscaped(ReadOnlySpan<char> text, SearchValues<char> specials)
    {
        while (!text.IsEmpty)
        {
            int next = text.IndexOfAny(specials);
            if (next < 0)
            {
                WriteUtf8(text);
                return;
            }

            WriteUtf8(text[..next]);
            Span<byte> span = _buffer.GetSpan(2);
            span[0] = (byte)'\\';
            span[1] = (byte)text[next];
            _buffer.Advance(2);
            text = text[(next + 1)..];
        }
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        Span<byte> span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void WriteAscii(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    private void Truncate(int length)
    {
        // ArrayBufferWriter cannot shrink; copy what stays (only on the error path).
        byte[] kept = _buffer.WrittenSpan[..length].ToArray();
        _buffer.Clear();
        kept.CopyTo(_buffer.GetSpan(kept.Length));
        _buffer.Advance(kept.Length);
    }
}
