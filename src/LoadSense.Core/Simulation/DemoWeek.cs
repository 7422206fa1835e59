using LoadSense.Core.Scoring;

namespace LoadSense.Core.Simulation;

/// <summary>
/// A plausible week of a patient on an exercise programme: the sensor worn 08:00-21:00, walks
/// spread over the day, a jump session (50-60 countermovement jumps) on Monday, Wednesday and
/// Friday, resistance training (3 sets of 8-10 squats or curls) on Tuesday and Thursday, a
/// short run and rope skipping on Saturday, and a quiet Sunday with a short jump session that
/// misses the target.
/// </summary>
public static class DemoWeek
{
    /// <summary>The plan for the week starting on <paramref name="monday"/> in <paramref name="zone"/>.</summary>
    public static IReadOnlyList<ActivitySegment> Plan(DateOnly monday, TimeZoneInfo zone, int seed)
    {
        var random = new Random(seed);
        var plan = new List<ActivitySegment>();
        for (int day = 0; day < 7; day++)
        {
            double dayStart = LocalDays.StartOf(monday.AddDays(day), zone);
            double t = dayStart + (8 * 3600);
            double end = dayStart + (21 * 3600);
            var planned = new SortedList<double, (SimulatedActivity Activity, double Duration, int Count)>();
            switch (day)
            {
                case 0 or 2 or 4:
                    AddJumpSession(planned, dayStart + (10 * 3600), 50 + random.Next(11), random);
                    break;
                case 1 or 3:
                    for (int set = 0; set < 3; set++)
                    {
                        planned.Add(dayStart + (17 * 3600) + (set * 150), (SimulatedActivity.LiftSet, 40, 8 + random.Next(3)));
                    }

                    break;
                case 5:
                    planned.Add(dayStart + (9 * 3600), (SimulatedActivity.Run, 600, 0));
                    planned.Add(dayStart + (16 * 3600), (SimulatedActivity.RopeSkipping, 62, 120));
                    break;
                default:
                    AddJumpSession(planned, dayStart + (11 * 3600), 20, random);
                    break;
            }

            // Walks: a few bouts of 3-15 minutes across the day.
            for (int walk = 0; walk < 6 + random.Next(5); walk++)
            {
                double at = t + 600 + (random.NextDouble() * (end - t - 2400));
                if (!planned.Keys.Any(k => Math.Abs(k - at) < 1200))
                {
                    planned.Add(at, (SimulatedActivity.Walk, 180 + random.Next(720), 0));
                }
            }

            foreach ((double start, (SimulatedActivity activity, double duration, int count)) in planned)
            {
                if (start > t)
                {
                    plan.Add(new ActivitySegment(t, SimulatedActivity.Rest, start - t));
                }

                plan.Add(new ActivitySegment(start, activity, duration, count));
                t = start + duration;
            }

            plan.Add(new ActivitySegment(t, SimulatedActivity.Rest, end - t));
        }

        return plan;
    }

    private static void AddJumpSession(SortedList<double, (SimulatedActivity, double, int)> planned, double start, int jumps, Random random)
    {
        // Sets of ten jumps with half a minute of rest between them.
        for (int done = 0, set = 0; done < jumps; set++)
        {
            int count = Math.Min(10, jumps - done);
            planned.Add(start + (set * 80) + random.NextDouble(), (SimulatedActivity.Jumps, 55, count));
            done += count;
        }
    }
}
