using LoadSense.Core.Timing;

namespace LoadSense.Cli.Service;

/// <summary>
/// Reconnect delays of one sensor session: <see cref="Backoff.EqualJitterSeconds"/> from
/// <c>initial</c> up to <c>max</c>, counting failed attempts since the last success.
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
        double seconds = Backoff.EqualJitterSeconds(_initial.TotalSeconds, _max.TotalSeconds, _attempt, _random.NextDouble());
        _attempt++;
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A connection streamed: the next loss starts from the initial delay again.</summary>
    public void Reset() => _attempt = 0;
}
