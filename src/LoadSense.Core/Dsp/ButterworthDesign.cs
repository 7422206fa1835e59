using NWaves.Filters.Butterworth;
using NWaves.Filters.Fda;
using System.Numerics;
using NWaves.Filters.Base;

namespace LoadSense.Core.Dsp;

/// <summary>
/// Butterworth filters designed for a stream's real sample rate, as second-order sections in
/// scipy's layout (rows of b0 b1 b2 a0 a1 a2, overall gain in the first row). The design is
/// NWaves'; the tests hold it to scipy.signal.butter(..., output='sos') within 1e-12.
/// </summary>
internal static class ButterworthDesign
{
    /// <summary>Low-pass of <paramref name="order"/> poles with its -3 dB point at <paramref name="cutoffHz"/>.</summary>
    public static double[,] LowPass(int order, double cutoffHz, double sampleRateHz) =>
        Sections(new LowPassFilter(Normalise(cutoffHz, sampleRateHz), order).Tf);

    /// <summary>High-pass of <paramref name="order"/> poles with its -3 dB point at <paramref name="cutoffHz"/>.</summary>
    public static double[,] HighPass(int order, double cutoffHz, double sampleRateHz) =>
        Sections(new HighPassFilter(Normalise(cutoffHz, sampleRateHz), order).Tf);

    /// <summary>Band-pass with 2·<paramref name="order"/> poles (scipy's convention), unit gain at the band's centre.</summary>
    public static double[,] BandPass(int order, double lowHz, double highHz, double sampleRateHz)
    {
        if (lowHz >= highHz)
        {
            throw new ArgumentException($"The band's low edge ({lowHz} Hz) must lie below its high edge ({highHz} Hz).", nameof(lowHz));
        }

        double[,] sos = Sections(new BandPassFilter(Normalise(lowHz, sampleRateHz), Normalise(highHz, sampleRateHz), order).Tf);

        // NWaves scales to unit gain at the arithmetic centre of the band; scipy (like the
        // analogue prototype) at the geometric centre of the pre-warped edges. Use scipy's.
        double omega = 2 * Math.Atan(Math.Sqrt(Math.Tan(Math.PI * lowHz / sampleRateHz) * Math.Tan(Math.PI * highHz / sampleRateHz)));
        double gain = Magnitude(sos, omega);
        for (int k = 0; k < 3; k++)
        {
            sos[0, k] /= gain;
        }

        return sos;
    }

    /// <summary>|H(e^jω)| of a cascade, ω in radians per sample.</summary>
    internal static double Magnitude(double[,] sos, double omega)
    {
        var z1 = Complex.FromPolarCoordinates(1, -omega);
        Complex z2 = z1 * z1;
        double magnitude = 1;
        for (int s = 0; s < sos.GetLength(0); s++)
        {
            Complex numerator = sos[s, 0] + (sos[s, 1] * z1) + (sos[s, 2] * z2);
            Complex denominator = sos[s, 3] + (sos[s, 4] * z1) + (sos[s, 5] * z2);
            magnitude *= (numerator / denominator).Magnitude;
        }

        return magnitude;
    }

    private static double Normalise(double frequencyHz, double sampleRateHz)
    {
        if (!(sampleRateHz > 0) || double.IsInfinity(sampleRateHz))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "The sample rate must be a positive number of Hz.");
        }

        if (!(frequencyHz > 0) || frequencyHz >= sampleRateHz / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, $"A cutoff must lie between 0 and the Nyquist frequency ({sampleRateHz / 2} Hz).");
        }

        return frequencyHz / sampleRateHz;
    }

    private static double[,] Sections(TransferFunction tf)
    {
        TransferFunction[] sections = DesignFilter.TfToSos(tf);
        var sos = new double[sections.Length, 6];
        for (int s = 0; s < sections.Length; s++)
        {
            for (int k = 0; k < 3; k++)
            {
                sos[s, k] = sections[s].Numerator[k];
                sos[s, 3 + k] = sections[s].Denominator[k];
            }
        }

        return sos;
    }
}
