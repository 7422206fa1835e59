namespace LoadSense.Core.Timing;

/// <summary>Retry delays shared by every reconnecting or resending part of LoadSense.</summary>
public static class Backoff
{
    /// <summary>
    /// Exponential backoff with "equal jitter": the nominal delay doubles from
    /// <paramref name="initialSeconds"/> per earlier failure up to <paramref name="maxSeconds"/>,
    /// and the delay is half of it fixed plus half of it random, so that clients that failed
    /// together (an outage, a bluetoothd restart) do not all retry at the same instant, yet never
    /// sooner than half the nominal delay.
    /// </summary>
    /// <param name="initialSeconds">The first nominal delay.</param>
    /// <param name="maxSeconds">The longest nominal delay.</param>
    /// <param name="earlierFailures">Failures before this one (0 for the first retry).</param>
    /// <param name="random">A number in [0, 1).</param>
    public static double EqualJitterSeconds(double initialSeconds, double maxSeconds, int earlierFailures, double random)
    {
        // 2^30 × any initial delay already exceeds any max: stop doubling there.
        double nominal = Math.Min(maxSeconds, initialSeconds * Math.Pow(2, Math.Clamp(earlierFailures, 0, 30)));
        return (nominal / 2) + (random * nominal / 2);
    }
}
