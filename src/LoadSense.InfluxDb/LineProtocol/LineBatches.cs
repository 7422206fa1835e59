namespace LoadSense.InfluxDb.LineProtocol;

/// <summary>Cuts newline-terminated line protocol into requests of at most a given number of points.</summary>
internal static class LineBatches
{
    /// <summary>The slices of <paramref name="lines"/>, each at most <paramref name="maxPoints"/> whole lines, with their point counts.</summary>
    public static IEnumerable<(ReadOnlyMemory<byte> Lines, int Points)> Split(ReadOnlyMemory<byte> lines, int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        int start = 0;
        int points = 0;
        int position = 0;
        while (position < lines.Length)
        {
            int newline = lines.Span[position..].IndexOf((byte)'\n');
            position = newline < 0 ? lines.Length : position + newline + 1;
            points++;
            if (points == maxPoints)
            {
                yield return (lines[start..position], points);
                start = position;
                points = 0;
            }
        }

        if (points > 0)
        {
            yield return (lines[start..position], points);
        }
    }
}
