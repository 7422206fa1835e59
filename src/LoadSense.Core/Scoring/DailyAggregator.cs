using LoadSense.Core.Storage;

namespace LoadSense.Core.Scoring;

/// <summary>Turns one local day's events and minutes (from every device of a patient) into its summary.</summary>
public static class DailyAggregator
{
    /// <summary>Summarises a day. <paramref name="events"/> and <paramref name="minutes"/> must be that day's, in time order.</summary>
    public static DailySummary Summarize(DateOnly date, IReadOnlyList<LoadEvent> events, IReadOnlyList<DeviceMinute> minutes, ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(minutes);
        ArgumentNullException.ThrowIfNull(options);

        Placement placement = MainPlacement(minutes);
        var bands = new int[ImpactBands.MaxBands];
        int steps = 0, jumps = 0, sets = 0, reps = 0, above750 = 0, above1000 = 0;
        double loadSum = 0;
        float maxJump = 0, jumpHeightSum = 0;
        var worn = new HashSet<long>();
        var perMinute = new Dictionary<long, (int Steps, bool Other)>();
        foreach (DeviceMinute dm in minutes)
        {
            MinuteAggregate m = dm.Minute;
            steps += m.Steps;
            jumps += m.Jumps;
            sets += m.LiftSets;
            reps += m.LiftReps;
            above750 += m.SecondsAbove750Mg;
            above1000 += m.SecondsAbove1000Mg;
            loadSum += m.LoadSum;
            maxJump = Math.Max(maxJump, m.MaxJumpHeightCm);
            jumpHeightSum += m.JumpHeightSumCm;
            if (dm.Placement == placement)
            {
                for (int b = 0; b < bands.Length && b < m.ImpactBandCounts.Count; b++)
                {
                    bands[b] += m.ImpactBandCounts[b];
                }
            }

            if (m.Worn)
            {
                worn.Add(m.MinuteStart);
            }

            perMinute.TryGetValue(m.MinuteStart, out (int Steps, bool Other) activity);
            perMinute[m.MinuteStart] = (activity.Steps + m.Steps, activity.Other || m.Jumps > 0 || m.LiftReps > 0);
        }

        (int jumpSessions, int mostJumps, double osteogenicIndex) = Sessions(events, options);
        return new DailySummary
        {
            Date = date,
            Steps = steps,
            Jumps = jumps,
            JumpSessions = jumpSessions,
            MostJumpsInSession = mostJumps,
            MaxJumpHeightCm = maxJump,
            MeanJumpHeightCm = jumps > 0 ? jumpHeightSum / jumps : 0,
            LiftSets = sets,
            LiftReps = reps,
            ImpactBandCounts = bands,
            Placement = placement,
            SecondsAbove750Mg = above750,
            SecondsAbove1000Mg = above1000,
            Load = Math.Pow(loadSum, 1.0 / options.StressExponent),
            OsteogenicIndex = osteogenicIndex,
            WearMinutes = worn.Count,
            ActiveMinutes = perMinute.Values.Count(a => a.Steps >= options.ActiveMinuteSteps || a.Other),
        };
    }

    // Hip minutes carry the impact bands that the bone literature calibrated; otherwise the
    // placement with the most minutes speaks for the day.
    private static Placement MainPlacement(IReadOnlyList<DeviceMinute> minutes)
    {
        if (minutes.Any(m => m.Placement == Placement.Hip))
        {
            return Placement.Hip;
        }

        return minutes.Count == 0
            ? Placement.Other
            : minutes.GroupBy(m => m.Placement).OrderByDescending(g => g.Count()).First().Key;
    }

    // Turner and Robling 2003: the osteogenic index of a session is intensity·ln(1 + n); bone
    // desensitises within a session and recovers between sessions. Sessions are runs of one
    // kind of event separated by at least the session gap; intensity is the mean peak in g.
    private static (int JumpSessions, int MostJumps, double OsteogenicIndex) Sessions(IReadOnlyList<LoadEvent> events, ScoringOptions options)
    {
        double gap = options.SessionGapMinutes * 60.0;
        int jumpSessions = 0, mostJumps = 0;
        double index = 0;
        foreach (IGrouping<LoadEventKind, LoadEvent> kind in events.GroupBy(e => e.Kind))
        {
            int n = 0;
            double intensitySum = 0;
            double last = double.NegativeInfinity;
            foreach (LoadEvent e in kind.OrderBy(e => e.Time))
            {
                if (e.Time - last > gap && n > 0)
                {
                    index += intensitySum / n * Math.Log(1 + n);
                    Count(kind.Key, n, ref jumpSessions, ref mostJumps);
                    n = 0;
                    intensitySum = 0;
                }

                n++;
                intensitySum += kind.Key == LoadEventKind.Lift ? options.LiftEquivalentG : e.PeakG;
                last = e.Time;
            }

            if (n > 0)
            {
                index += intensitySum / n * Math.Log(1 + n);
                Count(kind.Key, n, ref jumpSessions, ref mostJumps);
            }
        }

        return (jumpSessions, mostJumps, index);

        static void Count(LoadEventKind kind, int n, ref int sessions, ref int most)
        {
            if (kind == LoadEventKind.Jump)
            {
                sessions++;
                most = Math.Max(most, n);
            }
        }
    }
}
