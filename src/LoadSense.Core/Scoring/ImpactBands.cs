namespace LoadSense.Core.Scoring;

/// <summary>
/// Impact bands per placement, as lower edges in g of an event's peak dynamic acceleration
/// (peak resultant minus the 1 g of gravity, as the Newtest monitor of the study counted). Hip: Vainionpää et al. 2006 (Osteoporos Int 17:455-63): 0.3-1.0,
/// 1.1-2.4, 2.5-3.8, 3.9-5.3, 5.4-9.2 g; impacts above 3.9 g tracked hip BMD change.
/// Wrist peaks are larger and noisier and have no published band conversion, so wrist
/// streams are scored by Stiles 2017 seconds above 0.75 g and 1.0 g instead; a wrist or
/// other stream has no impact bands.
/// </summary>
public static class ImpactBands
{
    /// <summary>The most bands any placement uses.</summary>
    public const int MaxBands = 5;

    private static readonly float[] HipLowerEdges = [0.3f, 1.1f, 2.5f, 3.9f, 5.4f];

    /// <summary>An all-zero count list.</summary>
    public static IReadOnlyList<int> EmptyCounts { get; } = new int[MaxBands];

    /// <summary>The band labels of a placement, for tables and charts.</summary>
    public static IReadOnlyList<string> Labels(Placement placement) => placement == Placement.Hip
        ? ["0.3-1.0 g", "1.1-2.4 g", "2.5-3.8 g", "3.9-5.3 g", ">=5.4 g"]
        : [];

    /// <summary>The band index of a peak, or -1 when the placement has no bands or the peak is below the lowest.</summary>
    public static int BandOf(Placement placement, float dynamicPeakG)
    {
        if (placement != Placement.Hip)
        {
            return -1;
        }

        for (int band = HipLowerEdges.Length - 1; band >= 0; band--)
        {
            if (dynamicPeakG >= HipLowerEdges[band])
            {
                return band;
            }
        }

        return -1;
    }
}
