namespace LoadSense.Cli.Service;

/// <summary>
/// Reconnect delays: exponential from <c>initial</c>, doubling per failed attempt up to
/// <c>max</c>, with "equal jitter" (half fixed, half random) so that sensors lost together
/// (a bluetoothd restart) do not all retry at the same instant, yet never retry sooner than half
/// the nominal delay.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        ArgumentNullException.ThrowIfNull(random);
        _initial = initial;
        _max = max;
        _random = random;
    }

    /// <summary>Failed attempts since the last success.</summary>
    public int Attempt => _attempt;

    /// <summary>The delay before the next attempt; each call counts one more failed attempt.</summary>
    public TimeSpan Next()
    {
        // 2^30 × any initial delay already exceeds any max: stop doubling there.
        double nominal = Math.Min(_max.TotalSeconds, _initial.TotalSeconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromSeconds((nominal / 2) + (_random.NextDouble() * nominal / 2));
    }

    /// <summary>A connection streamed: the next loss starts from the initial delay again.</summary>
    public void Reset() => _attempt = 0;
}
