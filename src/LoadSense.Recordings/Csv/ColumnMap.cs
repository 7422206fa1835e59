using System.Text;

namespace LoadSense.Recordings.Csv;

/// <summary>
/// Finds the time and x, y, z columns in a header line. Names are matched case-insensitively
/// after trimming, stripping quotes and dropping spaces, underscores, hyphens and dots:
/// time is one of <c>t, time, timestamp, time_s, seconds, epoch</c>; an axis <c>x</c> is one of
/// <c>x, ax, acc_x, accel_x, acceleration_x, accelerometer_x</c> ("Accelerometer X"),
/// each optionally followed by a <c>g</c> unit suffix (<c>x_g</c>). The first match in file
/// order wins; other columns are ignored.
/// </summary>
internal sealed class ColumnMap
{
    public const string NeededDescription =
        "a time column (t, time, timestamp, time_s, seconds or epoch) and x, y, z columns "
        + "(x, ax, acc_x, accel_x, Accelerometer X or x_g; likewise y and z)";

    private static readonly string[] s_timeNames = ["t", "time", "timestamp", "times", "seconds", "epoch"];
    private static readonly string[] s_axisPrefixes = ["", "a", "acc", "accel", "acceleration", "accelerometer"];

    private ColumnMap(char delimiter, string[] columns, int[] indices)
    {
        Delimiter = (byte)delimiter;
        Columns = columns;
        TimeIndex = indices[0];
        XIndex = indices[1];
        YIndex = indices[2];
        ZIndex = indices[3];
        Roles = new sbyte[indices.Max() + 1];
        Roles.AsSpan().Fill(-1);
        for (int role = 0; role < 4; role++)
        {
            Roles[indices[role]] = (sbyte)role;
        }
    }

    public byte Delimiter { get; }

    public IReadOnlyList<string> Columns { get; }

    public int TimeIndex { get; }

    public int XIndex { get; }

    public int YIndex { get; }

    public int ZIndex { get; }

    /// <summary>Per column up to the last needed one: -1 ignored, 0 time, 1 x, 2 y, 3 z.</summary>
    public sbyte[] Roles { get; }

    /// <summary>How many fields a data row needs (the last needed column's index + 1).</summary>
    public int NeededFields => Roles.Length;

    public string TimeName => Columns[TimeIndex];

    public IReadOnlyList<string> AxisNames => [Columns[XIndex], Columns[YIndex], Columns[ZIndex]];

    /// <summary>The most frequent of comma, semicolon and tab in the header line.</summary>
    public static char DetectDelimiter(ReadOnlySpan<byte> header)
    {
        int commas = header.Count((byte)',');
        int semicolons = header.Count((byte)';');
        int tabs = header.Count((byte)'\t');
        if (tabs > commas && tabs >= semicolons)
        {
            return '\t';
        }

        return semicolons > commas ? ';' : ',';
    }

    /// <summary>Splits a header into trimmed, unquoted names.</summary>
    public static string[] SplitHeader(ReadOnlySpan<byte> header, char delimiter)
    {
        string text = Encoding.UTF8.GetString(header);
        string[] parts = text.Split(delimiter);
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim().Trim('"', '\'').Trim();
        }

        return parts;
    }

    /// <summary>Recognises the columns, or returns null and the roles it could not find.</summary>
    public static ColumnMap? TryCreate(ReadOnlySpan<byte> header, out char delimiter, out string[] columns, out List<string> missing)
    {
        delimiter = DetectDelimiter(header);
        columns = SplitHeader(header, delimiter);
        int[] indices = [-1, -1, -1, -1];
        for (int c = 0; c < columns.Length; c++)
        {
            string key = Normalize(columns[c]);
            if (indices[0] < 0 && s_timeNames.Contains(key))
            {
                indices[0] = c;
                continue;
            }

            int axis = AxisOf(key);
            if (axis >= 0 && indices[axis + 1] < 0)
            {
                indices[axis + 1] = c;
            }
        }

        missing = [];
        string[] roleNames = ["time", "x", "y", "z"];
        for (int role = 0; role < 4; role++)
        {
            if (indices[role] < 0)
            {
                missing.Add(roleNames[role]);
            }
        }

        return missing.Count == 0 ? new ColumnMap(delimiter, columns, indices) : null;
    }

    /// <summary>Lower case without quotes, spaces, underscores, hyphens, dots or brackets.</summary>
    internal static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char ch in name)
        {
            if (ch is ' ' or '_' or '-' or '.' or '"' or '\'' or '(' or ')' or '[' or ']')
            {
                continue;
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }

    /// <summary>0, 1, 2 for x, y, z names; -1 otherwise.</summary>
    private static int AxisOf(string key)
    {
        if (key.Length > 1 && key[^1] == 'g')
        {
            int withoutUnit = AxisOf(key[..^1]);
            if (withoutUnit >= 0)
            {
                return withoutUnit;
            }
        }

        foreach (string prefix in s_axisPrefixes)
        {
            if (key.Length == prefix.Length + 1 && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                char axis = key[^1];
                if (axis is >= 'x' and <= 'z')
                {
                    return axis - 'x';
                }
            }
        }

        return -1;
    }
}
