namespace LoadSense.Recordings;

/// <summary>
/// A recording file cannot be read as accelerometer samples: a bad header, an unreadable
/// number, a short row, time running backwards, the wrong units, an empty or truncated file.
/// The message names the file and the line, e.g.
/// <c>walk.csv line 1234: expected 4 columns, found 3: "1.2,abc,0.3"</c>.
/// </summary>
/// <remarks>
/// Blocks a reader yielded before throwing hold valid samples from the lines before
/// <see cref="LineNumber"/>; a caller may keep them.
/// </remarks>
public sealed class RecordingFormatException : Exception
{
    /// <summary>Creates an exception without file or line (for serializers and tests).</summary>
    public RecordingFormatException()
        : this("The recording cannot be read.")
    {
    }

    /// <summary>Creates an exception with a message and no file or line.</summary>
    public RecordingFormatException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with a message and a cause, and no file or line.</summary>
    public RecordingFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    /// <summary>Creates an exception for one file and line; the message should name both.</summary>
    public RecordingFormatException(string path, long lineNumber, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path ?? string.Empty;
        LineNumber = lineNumber;
    }

    /// <summary>The file (or the stream name given to the reader); empty when not known.</summary>
    public string Path { get; }

    /// <summary>
    /// The 1-based line the problem was found on (the header is line 1). For a check over a
    /// range of lines (units, sample rate) it is the first line of the range; for a truncated
    /// file, the last complete line; 0 when the problem is the whole file (an empty file).
    /// </summary>
    public long LineNumber { get; }
}
