namespace LoadSense.Protocol;

/// <summary>What became of one notification.</summary>
public enum FrameStatus
{
    /// <summary>Samples were written to the destination block.</summary>
    Decoded,

    /// <summary>A frame already seen (same sequence number or timestamp): dropped.</summary>
    Duplicate,

    /// <summary>The frame could not be used; <see cref="FrameResult.Error"/> says why.</summary>
    Malformed,
}

/// <summary>Why a frame was rejected. Names match the <c>error</c> fields of firmware-protocol/vectors.</summary>
public enum FrameError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Fewer bytes than the frame's header.</summary>
    TooShort,

    /// <summary>A protocol version this decoder does not know (LoadSense byte 0).</summary>
    UnsupportedVersion,

    /// <summary>The frame holds no samples.</summary>
    Empty,

    /// <summary>The length disagrees with the sample count (LoadSense v1).</summary>
    LengthMismatch,

    /// <summary>A sample rate of zero.</summary>
    BadRate,

    /// <summary>A range of zero.</summary>
    BadRange,

    /// <summary>A measurement other than acceleration (Polar PMD byte 0).</summary>
    UnsupportedMeasurement,

    /// <summary>A frame type the accelerometer decoder does not define (Polar PMD byte 9).</summary>
    UnsupportedFrameType,

    /// <summary>The payload ends inside a sample or a delta block (Polar PMD).</summary>
    Truncated,

    /// <summary>A delta width over 32 bits (Polar PMD).</summary>
    BadDeltaWidth,

    /// <summary>Sample times would fall before the device epoch (Polar PMD, first frame).</summary>
    BadTimestamp,

    /// <summary>More samples than <see cref="IDeviceProfile.MaxSamplesPerFrame"/> or the destination holds.</summary>
    TooManySamples,
}

/// <summary>
/// The outcome of <see cref="IFrameDecoder.Decode"/>.
/// </summary>
/// <param name="Status">Decoded, duplicate or malformed.</param>
/// <param name="Error">Why a malformed frame was rejected; <see cref="FrameError.None"/> otherwise.</param>
/// <param name="Sequence">The frame's sequence number, unwrapped (LoadSense v1), or its ordinal among decoded frames (Polar PMD).</param>
/// <param name="SampleCount">Samples written to the block.</param>
/// <param name="GapBefore">Whether samples are known to be missing before this frame.</param>
/// <param name="LostFrames">Frames known or estimated to be missing just before this one.</param>
public readonly record struct FrameResult(FrameStatus Status, FrameError Error, long Sequence, int SampleCount, bool GapBefore, long LostFrames)
{
    internal static FrameResult Malformed(FrameError error) => new(FrameStatus.Malformed, error, -1, 0, false, 0);

    internal static FrameResult Duplicate(long sequence) => new(FrameStatus.Duplicate, FrameError.None, sequence, 0, false, 0);

    /// <summary>The error's name as written in the vectors, e.g. <c>too_short</c>.</summary>
    public static string ErrorName(FrameError error) => error switch
    {
        FrameError.None => "none",
        FrameError.TooShort => "too_short",
        FrameError.UnsupportedVersion => "unsupported_version",
        FrameError.Empty => "empty",
        FrameError.LengthMismatch => "length_mismatch",
        FrameError.BadRate => "bad_rate",
        FrameError.BadRange => "bad_range",
        FrameError.UnsupportedMeasurement => "unsupported_measurement",
        FrameError.UnsupportedFrameType => "unsupported_frame_type",
        FrameError.Truncated => "truncated",
        FrameError.BadDeltaWidth => "bad_delta_width",
        FrameError.BadTimestamp => "bad_timestamp",
        FrameError.TooManySamples => "too_many_samples",
        _ => "unknown",
    };
}
