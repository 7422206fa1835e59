using System.Globalization;

namespace LoadSense.Recordings.Csv;

/// <summary>Parses decimal numbers straight from UTF-8 bytes, invariant culture.</summary>
internal static class Utf8Number
{
    // 10^0..10^22 are exact doubles.
    private static readonly double[] s_powersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private const ulong MaxExactMantissa = 1UL << 53;
    private const int MaxDigits = 19;

    /// <summary>
    /// Parses <c>[-+]digits[.digits]</c> (surrounding spaces allowed) and falls back to
    /// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>
    /// for exponents and long mantissas. Rejects NaN and infinities.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        text = text.Trim((byte)' ');
        if (TryParsePrefix(text, out value, out int used) && used == text.Length)
        {
            return true;
        }

        return Fallback(text, out value);
    }

    /// <summary>
    /// Parses a plain <c>[-+]digits[.digits]</c> at the start of <paramref name="text"/> and
    /// stops at the first byte after it; <paramref name="used"/> counts the bytes read. False
    /// when there are no digits or more than 19 (those, and exponents, are
    /// <see cref="TryParse"/>'s to judge).
    /// </summary>
    public static bool TryParsePrefix(ReadOnlySpan<byte> text, out double value, out int used)
    {
        int i = 0;
        bool negative = false;
        if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
        {
            negative = text[i] == (byte)'-';
            i++;
        }

        // Integer digits, then fraction digits: one multiply-add per digit and no other
        // bookkeeping (this runs four times per row of a recording).
        ulong mantissa = 0;
        int integerStart = i;
        while (i < text.Length && (uint)(text[i] - (byte)'0') <= 9)
        {
            mantissa = (mantissa * 10) + (uint)(text[i] - (byte)'0');
            i++;
        }

        int digits = i - integerStart;
        int fractionDigits = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            int fractionStart = ++i;
            while (i < text.Length && (uint)(text[i] - (byte)'0') <= 9)
            {
                mantissa = (mantissa * 10) + (uint)(text[i] - (byte)'0');
                i++;
            }

            fractionDigits = i - fractionStart;
            digits += fractionDigits;
        }

        // Up to 19 digits cannot overflow the mantissa.
        used = i;
        if (digits is 0 or > MaxDigits || mantissa > MaxExactMantissa || fractionDigits >= s_powersOfTen.Length)
        {
            value = 0;
            return false;
        }

        // Clinger's fast path: an exact mantissa divided by an exact power of ten is one
        // correctly rounded IEEE operation, so the result equals double.Parse's.
        value = mantissa / s_powersOfTen[fractionDigits];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static bool Fallback(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
