namespace LoadSense.Core;

/// <summary>Where a repetition announced before its set was confirmed stands.</summary>
public enum ProvisionalState
{
    /// <summary>The repetition's cycle completed; its set is not yet confirmed.</summary>
    Announced,

    /// <summary>The set was confirmed: the repetition is now among the events, with its set and repetition number.</summary>
    Confirmed,

    /// <summary>It was not a repetition after all (the chain ended before it became a set, walking or a jump around it, a gap).</summary>
    Withdrawn,
}

/// <summary>
/// A lift repetition announced as soon as its cycle completes, before its set is confirmed, so
/// that a live display can count it at once. A set is only known after its third repetition; the
/// first ones are therefore announced, then confirmed or withdrawn. Stores and summaries use the
/// events alone; a repetition of an already confirmed set goes straight to the events.
/// </summary>
/// <param name="Time">The repetition's time (seconds since 1970-01-01 UTC, device time): the same as its event's once confirmed.</param>
/// <param name="State">Announced, confirmed or withdrawn.</param>
public readonly record struct ProvisionalRep(double Time, ProvisionalState State);
