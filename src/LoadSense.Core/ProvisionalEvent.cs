namespace LoadSense.Core;

/// <summary>Where an event announced before it could be decided stands.</summary>
public enum ProvisionalState
{
    /// <summary>It happened as far as the analyzer can tell yet.</summary>
    Announced,

    /// <summary>It was decided: it is now among the events (a repetition with its set and repetition number).</summary>
    Confirmed,

    /// <summary>It was not one after all (lobes of a bout that never walked steadily, a chain of cycles that never became a set, a push-off, a stride, walking around it, a gap).</summary>
    Withdrawn,
}

/// <summary>
/// An event announced as soon as it happened, before the analyzer can decide it, so that a live
/// display hears of it within a second. Three kinds wait for what follows them: the steps of a
/// bout whose stride is not yet steady (handling the phone makes lobes like steps), a set's
/// first repetitions (a set is only known by its third) and a jump whose flight was not seen
/// (its contact may be the push-off of a landing still to come, or a running stride). Each
/// announcement is later confirmed (the event appears among the events, with the same time) or
/// withdrawn. Stores, summaries and <c>eval</c> use the events alone; events decided at once are
/// not announced.
/// </summary>
/// <param name="Time">When it happened (seconds since 1970-01-01 UTC, device time): the same as its event's once confirmed.</param>
/// <param name="Kind">A step, a lift repetition or a jump.</param>
/// <param name="State">Announced, confirmed or withdrawn.</param>
public readonly record struct ProvisionalEvent(double Time, LoadEventKind Kind, ProvisionalState State);
