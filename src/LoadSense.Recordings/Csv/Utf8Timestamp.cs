namespace LoadSense.Recordings.Csv;

/// <summary>
/// Parses text timestamps from UTF-8 bytes into Unix epoch seconds without allocating:
/// ISO 8601 <c>yyyy-MM-ddTHH:mm:ss[.f…][Z|±hh[:mm]]</c> (a space may replace the T) and
/// ActiGraph <c>M/d/yyyy H:mm:ss[.f…]</c> (or <c>d/M/yyyy</c> when the file says so).
/// Without an offset a time is taken as UTC.
/// </summary>
internal static class Utf8Timestamp
{
    private const long UnixEpochDayNumber = 719468; // days from 0000-03-01 to 1970-01-01 in the civil algorithm

    public static bool TryParse(ReadOnlySpan<byte> text, bool dayFirst, out double unixSeconds)
    {
        unixSeconds = 0;
        text = text.Trim((byte)' ');
        if (text.Length > 1 && text[0] == (byte)'"' && text[^1] == (byte)'"')
        {
            text = text[1..^1];
        }

        int i = 0;
        int year;
        int month;
        int day;
        if (text.Length >= 10 && text[4] == (byte)'-')
        {
            if (!Digits(text, ref i, 4, 4, out year) || !Expect(text, ref i, (byte)'-')
                || !Digits(text, ref i, 2, 2, out month) || !Expect(text, ref i, (byte)'-')
                || !Digits(text, ref i, 2, 2, out day))
            {
                return false;
            }

            if (i >= text.Length || (text[i] != (byte)'T' && text[i] != (byte)'t' && text[i] != (byte)' '))
            {
                return false;
            }

            i++;
        }
        else
        {
            if (!Digits(text, ref i, 1, 2, out int first) || !Expect(text, ref i, (byte)'/')
                || !Digits(text, ref i, 1, 2, out int second) || !Expect(text, ref i, (byte)'/')
                || !Digits(text, ref i, 4, 4, out year) || !Expect(text, ref i, (byte)' '))
            {
                return false;
            }

            (month, day) = dayFirst ? (second, first) : (first, second);
        }

        if (!Digits(text, ref i, 1, 2, out int hour) || !Expect(text, ref i, (byte)':')
            || !Digits(text, ref i, 2, 2, out int minute) || !Expect(text, ref i, (byte)':')
            || !Digits(text, ref i, 2, 2, out int second2))
        {
            return false;
        }

        double fraction = 0;
        if (i < text.Length && (text[i] == (byte)'.' || text[i] == (byte)','))
        {
            i++;
            long f = 0;
            long scale = 1;
            int start = i;
            while (i < text.Length && (uint)(text[i] - (byte)'0') <= 9)
            {
                if (scale < 1_000_000_000_000L)
                {
                    f = (f * 10) + (text[i] - (byte)'0');
                    scale *= 10;
                }

                i++;
            }

            if (i == start)
            {
                return false;
            }

            fraction = (double)f / scale;
        }

        int offsetSeconds = 0;
        if (i < text.Length)
        {
            byte c = text[i];
            if (c is (byte)'Z' or (byte)'z')
            {
                i++;
            }
            else if (c is (byte)'+' or (byte)'-')
            {
                i++;
                if (!Digits(text, ref i, 2, 2, out int offHours))
                {
                    return false;
                }

                int offMinutes = 0;
                if (i < text.Length)
                {
                    if (text[i] == (byte)':')
                    {
                        i++;
                    }

                    if (!Digits(text, ref i, 2, 2, out offMinutes))
                    {
                        return false;
                    }
                }

                if (offHours > 18 || offMinutes > 59)
                {
                    return false;
                }

                offsetSeconds = ((offHours * 3600) + (offMinutes * 60)) * (c == (byte)'-' ? -1 : 1);
            }

            if (i != text.Length)
            {
                return false;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second2 > 59)
        {
            return false;
        }

        long days = DaysFromCivil(year, month, day);
        long whole = (days * 86400L) + (hour * 3600L) + (minute * 60L) + second2 - offsetSeconds;
        unixSeconds = whole + fraction;
        return true;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).</summary>
    private static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - (era * 400);
        long dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - UnixEpochDayNumber;
    }

    private static bool Expect(ReadOnlySpan<byte> text, ref int i, byte c)
    {
        if (i < text.Length && text[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }

    private static bool Digits(ReadOnlySpan<byte> text, ref int i, int min, int max, out int value)
    {
        value = 0;
        int start = i;
        while (i < text.Length && i - start < max && (uint)(text[i] - (byte)'0') <= 9)
        {
            value = (value * 10) + (text[i] - (byte)'0');
            i++;
        }

        return i - start >= min;
    }
}
