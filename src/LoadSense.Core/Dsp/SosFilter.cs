namespace LoadSense.Core.Dsp;

/// <summary>
/// A cascade of second-order sections (biquads) in transposed direct form II, the numerically
/// robust way to run a designed IIR filter. Coefficients and state are double; samples are
/// float spans. One instance per stream; state lives in a preallocated array.
/// </summary>
internal sealed class SosFilter
{
    // Per section: b0, b1, b2, a1, a2 (a0 normalised to 1).
    private readonly double[] _coefficients;

    // Per section: z1, z2.
    private readonly double[] _state;

    /// <summary>Creates a filter from sections laid out as scipy's <c>sos</c>: rows of b0, b1, b2, a0, a1, a2.</summary>
    public SosFilter(double[,] sos)
    {
        ArgumentNullException.ThrowIfNull(sos);
        if (sos.GetLength(1) != 6 || sos.GetLength(0) == 0)
        {
            throw new ArgumentException("Second-order sections are rows of six coefficients: b0 b1 b2 a0 a1 a2.", nameof(sos));
        }

        SectionCount = sos.GetLength(0);
        _coefficients = new double[SectionCount * 5];
        _state = new double[SectionCount * 2];
        for (int s = 0; s < SectionCount; s++)
        {
            double a0 = sos[s, 3];
            if (a0 == 0)
            {
                throw new ArgumentException($"Section {s} has a0 = 0.", nameof(sos));
            }

            _coefficients[(s * 5) + 0] = sos[s, 0] / a0;
            _coefficients[(s * 5) + 1] = sos[s, 1] / a0;
            _coefficients[(s * 5) + 2] = sos[s, 2] / a0;
            _coefficients[(s * 5) + 3] = sos[s, 4] / a0;
            _coefficients[(s * 5) + 4] = sos[s, 5] / a0;
        }
    }

    /// <summary>Number of second-order sections.</summary>
    public int SectionCount { get; }

    /// <summary>The gain at 0 Hz (the product of the sections' DC gains).</summary>
    public double DcGain
    {
        get
        {
            double gain = 1;
            for (int s = 0; s < SectionCount; s++)
            {
                ReadOnlySpan<double> c = _coefficients.AsSpan(s * 5, 5);
                gain *= (c[0] + c[1] + c[2]) / (1 + c[3] + c[4]);
            }

            return gain;
        }
    }

    /// <summary>Filters <paramref name="input"/> into <paramref name="output"/> (same length; may be the same span).</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("The output span is shorter than the input.", nameof(output));
        }

        for (int i = 0; i < input.Length; i++)
        {
            output[i] = (float)Step(input[i]);
        }
    }

    /// <summary>
    /// Filters the three axes of one sensor, each with its own filter (the same design), in one
    /// pass. A biquad's recursion waits on its own previous output, so one filter alone leaves
    /// the processor idle between samples; three independent recursions side by side overlap.
    /// The outputs are those of three separate <see cref="Process"/> calls, bit for bit.
    /// </summary>
    public static void ProcessAxes(
        (SosFilter X, SosFilter Y, SosFilter Z) filters,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> y,
        ReadOnlySpan<float> z,
        Span<float> outX,
        Span<float> outY,
        Span<float> outZ)
    {
        if (y.Length != x.Length || z.Length != x.Length || outX.Length < x.Length || outY.Length < x.Length || outZ.Length < x.Length)
        {
            throw new ArgumentException("The three axes need the same length and outputs at least as long.");
        }

        (SosFilter fx, SosFilter fy, SosFilter fz) = filters;
        for (int i = 0; i < x.Length; i++)
        {
            outX[i] = (float)fx.Step(x[i]);
            outY[i] = (float)fy.Step(y[i]);
            outZ[i] = (float)fz.Step(z[i]);
        }
    }

    /// <summary>
    /// Filters one input with two filters (of any designs) in one pass, for the same reason as
    /// <see cref="ProcessAxes"/>; the outputs are those of two separate <see cref="Process"/> calls.
    /// </summary>
    public static void ProcessBoth((SosFilter First, SosFilter Second) filters, ReadOnlySpan<float> input, Span<float> first, Span<float> second)
    {
        if (first.Length < input.Length || second.Length < input.Length)
        {
            throw new ArgumentException("The outputs are shorter than the input.");
        }

        (SosFilter a, SosFilter b) = filters;
        for (int i = 0; i < input.Length; i++)
        {
            double x = input[i];
            first[i] = (float)a.Step(x);
            second[i] = (float)b.Step(x);
        }
    }

    // One input sample through every section.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double Step(double x)
    {
        double[] c = _coefficients;
        double[] z = _state;
        for (int s = 0, k = 0, j = 0; s < SectionCount; s++, k += 5, j += 2)
        {
            double y = (c[k] * x) + z[j];
            z[j] = (c[k + 1] * x) - (c[k + 3] * y) + z[j + 1];
            z[j + 1] = (c[k + 2] * x) - (c[k + 4] * y);
            x = y;
        }

        return x;
    }

    /// <summary>Clears the state, as if the input had been 0 forever.</summary>
    public void Reset() => Array.Clear(_state);

    /// <summary>
    /// Sets the state to the steady state for a constant input (scipy's <c>sosfilt_zi</c> times
    /// the value), so that a stream starting at 1 g does not ring through the filter.
    /// </summary>
    public void Reset(float steadyInput)
    {
        double u = steadyInput;
        for (int s = 0, k = 0, j = 0; s < SectionCount; s++, k += 5, j += 2)
        {
            double[] c = _coefficients;
            double y = u * (c[k] + c[k + 1] + c[k + 2]) / (1 + c[k + 3] + c[k + 4]);
            double z2 = (c[k + 2] * u) - (c[k + 4] * y);
            double z1 = (c[k + 1] * u) - (c[k + 3] * y) + z2;
            _state[j] = z1;
            _state[j + 1] = z2;
            u = y;
        }
    }
}
