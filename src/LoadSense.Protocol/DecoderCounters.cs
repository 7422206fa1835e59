namespace LoadSense.Protocol;

/// <summary>Per-device counts of what a decoder has seen, so that every loss of data is visible.</summary>
/// <param name="Frames">Frames decoded into samples.</param>
/// <param name="Samples">Samples decoded.</param>
/// <param name="Lost">Frames known (sequence numbers) or estimated (timestamps) to be missing.</param>
/// <param name="Duplicates">Frames dropped because they were already seen.</param>
/// <param name="Malformed">Frames rejected with a <see cref="FrameError"/>.</param>
/// <param name="Gaps">Gap markers emitted (<see cref="LoadSense.Core.SampleBlock.GapBefore"/> set).</param>
/// <param name="Resets">Times the device restarted its stream or its clock went back.</param>
public readonly record struct DecoderCounters(long Frames, long Samples, long Lost, long Duplicates, long Malformed, long Gaps, long Resets);
