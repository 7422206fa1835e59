using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LoadSense.Core;

namespace LoadSense.Recordings;

/// <summary>
/// How <see cref="RecordingReader"/> turns a file into sample blocks. Every setting has a
/// documented default and range; <see cref="RecordingReader.Open(string, RecordingReaderOptions?)"/>
/// rejects a value outside its range with a message naming the setting.
/// </summary>
public sealed class RecordingReaderOptions
{
    /// <summary>Smallest allowed <see cref="BlockSize"/>.</summary>
    public const int MinBlockSize = 1;

    /// <summary>Largest allowed <see cref="BlockSize"/>.</summary>
    public const int MaxBlockSize = 65536;

    /// <summary>
    /// Samples per block, 1 to 65536; default 256 (about 2.5 s at 100 Hz, 20 KB of arrays).
    /// Blocks end early at a gap (see <see cref="MinimumGapSeconds"/>) and at the end of the file.
    /// </summary>
    [Range(MinBlockSize, MaxBlockSize)]
    public int BlockSize { get; set; } = 256;

    /// <summary>
    /// The unit of the x, y, z columns; default <see cref="AccelerationUnit.G"/>.
    /// <see cref="AccelerationUnit.MetersPerSecondSquared"/> values are divided by 9.80665.
    /// </summary>
    public AccelerationUnit Unit { get; set; } = AccelerationUnit.G;

    /// <summary>
    /// When the recording started, for files whose times are relative (seconds from the start,
    /// first value below 1e8): a sample's time is <c>Start + t</c>. Ignored when the file carries
    /// absolute times (Unix epoch seconds, or text timestamps). Default null: relative times are
    /// counted from 1970-01-01T00:00:00Z, so <see cref="SampleBlock.Time"/> holds the file's own
    /// seconds; check <see cref="RecordingInfo.TimeIsAbsolute"/> before storing such data.
    /// </summary>
    public DateTimeOffset? Start { get; set; }

    /// <summary>The <see cref="SampleBlock.DeviceId"/> of the blocks; default null: the file name without <c>.csv</c>/<c>.gz</c>.</summary>
    public string? DeviceId { get; set; }

    /// <summary>
    /// A hole in the times is a gap when the interval exceeds this many median intervals
    /// (and also <see cref="MinimumGapSeconds"/>); 1.5 to 1000, default 3.
    /// </summary>
    [Range(1.5, 1000.0)]
    public double GapIntervalFactor { get; set; } = 3.0;

    /// <summary>
    /// The shortest interval, in seconds, that counts as a gap whatever the rate; 0 to 3600,
    /// default 0.5. Phones jitter: the Oxford recordings at 405 Hz have intervals up to nine
    /// times the median (22 ms) with nothing lost, which is not worth restarting filters for,
    /// while a hole of half a second can hide a whole step (walking cadence is about 2 Hz).
    /// The rule: an interval &gt; max(<see cref="GapIntervalFactor"/> × median interval,
    /// <see cref="MinimumGapSeconds"/>) starts a new block with <see cref="SampleBlock.GapBefore"/> set.
    /// </summary>
    [Range(0.0, 3600.0)]
    public double MinimumGapSeconds { get; set; } = 0.5;

    /// <summary>
    /// Whether to check the median magnitude of the first 1000 samples against 1 g and stop
    /// with an error when the values look like the other unit or far from gravity
    /// (below 0.5 g or above 2 g); default true. Turn off only for data known to be odd
    /// (e.g. a recording that starts in free fall).
    /// </summary>
    public bool CheckUnits { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting outside its range.</summary>
    internal void Validate()
    {
        if (BlockSize is < MinBlockSize or > MaxBlockSize)
        {
            throw OutOfRange(nameof(BlockSize), BlockSize, "between 1 and 65536 samples");
        }

        if (!Enum.IsDefined(Unit))
        {
            throw OutOfRange(nameof(Unit), Unit, "G or MetersPerSecondSquared");
        }

        if (!(GapIntervalFactor is >= 1.5 and <= 1000.0))
        {
            throw OutOfRange(nameof(GapIntervalFactor), GapIntervalFactor, "between 1.5 and 1000");
        }

        if (!(MinimumGapSeconds is >= 0.0 and <= 3600.0))
        {
            throw OutOfRange(nameof(MinimumGapSeconds), MinimumGapSeconds, "between 0 and 3600 seconds");
        }

        if (DeviceId is not null && string.IsNullOrWhiteSpace(DeviceId))
        {
            throw new ArgumentException("RecordingReaderOptions.DeviceId must be null or non-blank.", nameof(DeviceId));
        }
    }

    private static ArgumentOutOfRangeException OutOfRange(string name, object value, string range) =>
        new(name, value, string.Create(CultureInfo.InvariantCulture, $"RecordingReaderOptions.{name} must be {range}; it is {value}."));
}
