using System.Globalization;
using LoadSense.Core;
using LoadSense.Core.Scoring;
using Microsoft.Data.Sqlite;

namespace LoadSense.Storage;

/// <summary>How domain values become column values and back.</summary>
internal static class SqliteValues
{
    private const double MicrosecondsPerSecond = 1e6;

    // 2^63 as a double: the first value past long.MaxValue (long.MaxValue itself is not a double).
    private const double TwoToThe63 = 9223372036854775808.0;

    /// <summary>
    /// An event time (seconds since the Unix epoch) as whole microseconds, the key of an event.
    /// A time that is a whole number of microseconds comes back bit for bit from
    /// <see cref="ToSeconds"/>: the division by 10⁶ is correctly rounded, and so is the parse
    /// of a decimal literal.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is not finite or is beyond ±292 000 years.</exception>
    public static long ToMicroseconds(double seconds)
    {
        double micros = Math.Round(seconds * MicrosecondsPerSecond);
        if (!double.IsFinite(micros) || micros >= TwoToThe63 || micros < -TwoToThe63)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "An event time must be a finite number of seconds since the Unix epoch.");
        }

        return (long)micros;
    }

    /// <summary>A range bound in seconds as microseconds, rounded like event times; infinities and huge values clamp.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bound is NaN.</exception>
    public static long BoundToMicroseconds(double seconds, string paramName)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentOutOfRangeException(paramName, seconds, "A time bound must be a number.");
        }

        double micros = Math.Round(seconds * MicrosecondsPerSecond);
        if (micros >= TwoToThe63)
        {
            return long.MaxValue;
        }

        return micros <= -TwoToThe63 ? long.MinValue : (long)micros;
    }

    /// <summary>Microseconds since the Unix epoch as seconds.</summary>
    public static double ToSeconds(long microseconds) => microseconds / MicrosecondsPerSecond;

    /// <summary>A date as stored: yyyy-MM-dd, which sorts like the date.</summary>
    public static string ToText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A stored date.</summary>
    public static DateOnly ToDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : throw new InvalidDataException($"The stored date '{text}' is not yyyy-MM-dd.");

    /// <summary>A placement as stored: its name.</summary>
    public static string ToText(Placement placement) => placement switch
    {
        Placement.Wrist => "Wrist",
        Placement.Hip => "Hip",
        Placement.Other => "Other",
        _ => throw new ArgumentOutOfRangeException(nameof(placement), placement, "Unknown placement."),
    };

    /// <summary>A stored placement.</summary>
    public static Placement ToPlacement(string text) => text switch
    {
        "Wrist" => Placement.Wrist,
        "Hip" => Placement.Hip,
        "Other" => Placement.Other,
        _ => throw new InvalidDataException($"The stored placement '{text}' is unknown."),
    };

    /// <summary>An event kind as stored: its name.</summary>
    public static string ToText(LoadEventKind kind) => kind switch
    {
        LoadEventKind.Step => "Step",
        LoadEventKind.Jump => "Jump",
        LoadEventKind.Lift => "Lift",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown event kind."),
    };

    /// <summary>A stored event kind.</summary>
    public static LoadEventKind ToKind(string text) => text switch
    {
        "Step" => LoadEventKind.Step,
        "Jump" => LoadEventKind.Jump,
        "Lift" => LoadEventKind.Lift,
        _ => throw new InvalidDataException($"The stored event kind '{text}' is unknown."),
    };

    /// <summary>One band count of a list of up to <see cref="ImpactBands.MaxBands"/>; missing bands count 0.</summary>
    public static int Band(IReadOnlyList<int> counts, int band) => band < counts.Count ? counts[band] : 0;

    /// <summary>Checks that a band count list fits the band columns.</summary>
    /// <exception cref="ArgumentException">The list is null or longer than <see cref="ImpactBands.MaxBands"/>.</exception>
    public static void CheckBands(IReadOnlyList<int>? counts, string what)
    {
        if (counts is null || counts.Count > ImpactBands.MaxBands)
        {
            throw new ArgumentException(
                $"{what} has {counts?.Count.ToString(CultureInfo.InvariantCulture) ?? "no"} impact band counts; the store keeps 0 to {ImpactBands.MaxBands}.",
                nameof(counts));
        }
    }

    /// <summary>Runs a range select with parameters <c>$patient</c>, <c>$from</c>, <c>$until</c> and maps every row.</summary>
    public static async Task<IReadOnlyList<T>> ReadRangeAsync<T>(
        SqliteConnection connection, string sql, string patientId, long from, long until, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        await using SqliteCommand select = connection.CreateCommand();
        select.CommandText = sql;
        select.Parameters.Add("$patient", SqliteType.Text).Value = patientId;
        select.Parameters.Add("$from", SqliteType.Integer).Value = from;
        select.Parameters.Add("$until", SqliteType.Integer).Value = until;

        var rows = new List<T>();
        await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
