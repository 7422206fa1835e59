namespace LoadSense.Core.Dsp;

/// <summary>
/// Estimates the period of a quasi-periodic signal sampled at a fixed rate from the normalised
/// autocorrelation over a sliding window. Samples go into a preallocated ring buffer; an
/// estimate unrolls it once into a straight buffer (with running sums of squares for the
/// energies), then costs one vectorised dot product per lag, and allocates nothing.
/// </summary>
internal sealed class PeriodEstimator
{
    private readonly float[] _ring;
    private readonly float[] _straight;
    private readonly double[] _energyPrefix;
    private readonly double[] _correlation;
    private readonly int _minLag;
    private readonly int _maxLag;
    private int _next;
    private int _count;

    /// <summary>Creates an estimator over <paramref name="window"/> samples for periods of <paramref name="minLag"/> to <paramref name="maxLag"/> samples.</summary>
    public PeriodEstimator(int window, int minLag, int maxLag)
    {
        if (minLag < 1 || maxLag < minLag || window <= maxLag)
        {
            throw new ArgumentException($"Need 1 <= minLag <= maxLag < window; got {minLag}, {maxLag}, {window}.");
        }

        _ring = new float[window];
        _straight = new float[window];
        _energyPrefix = new double[window + 1];
        _correlation = new double[maxLag + 2];
        _minLag = minLag;
        _maxLag = maxLag;
    }

    /// <summary>
    /// The normalised correlation of the strongest autocorrelation peak found by the last
    /// <see cref="Estimate"/> (0 when it found none), whether or not a shorter lag won there.
    /// </summary>
    public double StrongestCorrelation { get; private set; }

    /// <summary>Samples held (at most the window).</summary>
    public int Count => _count;

    /// <summary>Adds one sample.</summary>
    public void Add(float value)
    {
        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        _count = Math.Min(_count + 1, _ring.Length);
    }

    /// <summary>Forgets every sample.</summary>
    public void Reset()
    {
        _next = 0;
        _count = 0;
    }

    /// <summary>
    /// The lag in samples of the strongest autocorrelation peak between the lag limits, and its
    /// normalised correlation (−1 to 1); a shorter lag whose peak reaches
    /// <paramref name="subharmonicShare"/> of the best wins, so that a multiple of the period is
    /// not taken for the period. (0, 0) when the window holds fewer than two periods of the longest lag.
    /// </summary>
    public (int Lag, double Correlation) Estimate(double subharmonicShare = 0.85)
    {
        int bestLag = 0;
        double best = double.NegativeInfinity;
        int maxLag = Math.Min(_maxLag, _count / 2);
        StrongestCorrelation = 0;
        if (maxLag < _minLag)
        {
            return (0, 0);
        }

        Unroll();
        for (int lag = _minLag - 1; lag <= maxLag + 1; lag++)
        {
            _correlation[lag] = lag >= 1 && lag < _count ? Correlation(lag) : double.NegativeInfinity;
        }

        for (int lag = _minLag; lag <= maxLag; lag++)
        {
            if (IsPeak(lag) && _correlation[lag] > best)
            {
                best = _correlation[lag];
                bestLag = lag;
            }
        }

        if (bestLag == 0)
        {
            return (0, 0);
        }

        StrongestCorrelation = best;
        for (int lag = _minLag; lag < bestLag; lag++)
        {
            if (IsPeak(lag) && _correlation[lag] > 0 && _correlation[lag] >= subharmonicShare * best)
            {
                return (lag, _correlation[lag]);
            }
        }

        return (bestLag, best);
    }

    // A lag is a local maximum when its correlation is not below the previous lag's and above the next's.
    private bool IsPeak(int lag) => _correlation[lag] >= _correlation[lag - 1] && _correlation[lag] > _correlation[lag + 1];

    private void Unroll()
    {
        int length = _ring.Length;
        int oldest = (_next - _count + length) % length;
        int firstPart = Math.Min(_count, length - oldest);
        _ring.AsSpan(oldest, firstPart).CopyTo(_straight);
        _ring.AsSpan(0, _count - firstPart).CopyTo(_straight.AsSpan(firstPart));
        _energyPrefix[0] = 0;
        for (int k = 0; k < _count; k++)
        {
            _energyPrefix[k + 1] = _energyPrefix[k] + (_straight[k] * _straight[k]);
        }
    }

    // Over the newest _count samples: pairs (k, k − lag).
    private double Correlation(int lag)
    {
        ReadOnlySpan<float> late = _straight.AsSpan(lag, _count - lag);
        ReadOnlySpan<float> early = _straight.AsSpan(0, _count - lag);
        double sum = Dot(late, early);
        double energyLate = _energyPrefix[_count] - _energyPrefix[lag];
        double energyEarly = _energyPrefix[_count - lag];
        double norm = Math.Sqrt(energyLate * energyEarly);
        return norm > 1e-12 ? sum / norm : 0;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var acc = System.Numerics.Vector<float>.Zero;
        int width = System.Numerics.Vector<float>.Count;
        int i = 0;
        for (; i <= a.Length - width; i += width)
        {
            acc += new System.Numerics.Vector<float>(a.Slice(i, width)) * new System.Numerics.Vector<float>(b.Slice(i, width));
        }

        double sum = System.Numerics.Vector.Sum(acc);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
