using System.Globalization;

namespace LoadSense.Core.Scoring;

/// <summary>Local calendar days and ISO weeks of a patient's time zone, as Unix-time ranges.</summary>
public static class LocalDays
{
    /// <summary>The instant local midnight starts <paramref name="date"/>, in seconds since the Unix epoch.</summary>
    public static long StartOf(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTime midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // Where a daylight-saving change skips midnight itself, the day starts at the first valid local time.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(midnight, zone)).ToUnixTimeSeconds();
    }

    /// <summary>The local date of an instant (seconds since the Unix epoch).</summary>
    public static DateOnly DateOf(double unixSeconds, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        DateTimeOffset utc = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(unixSeconds * 1000));
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime);
    }

    /// <summary>The Monday of an ISO 8601 week written like 2026-W48.</summary>
    public static DateOnly ParseIsoWeek(string week)
    {
        ArgumentNullException.ThrowIfNull(week);
        string[] parts = week.Trim().Split("-W", StringSplitOptions.None);
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            || year < 1970 || year > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            throw new FormatException($"'{week}' is not an ISO week; write it like 2026-W48 (year, -W, week 1-52 or 53).");
        }

        return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday));
    }

    /// <summary>The ISO week (like 2026-W48) that holds <paramref name="date"/>.</summary>
    public static string IsoWeekOf(DateOnly date)
    {
        DateTime day = date.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    /// <summary>The Monday that starts the ISO week holding <paramref name="date"/>.</summary>
    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
