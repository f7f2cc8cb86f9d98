namespace IIoT.Simulators.Model;

/// <summary>Answers, for a model time in seconds since the line started, whether a planned stop is on and when the next one starts or ends.</summary>
internal sealed class PlannedStopSchedule
{
    private readonly (double Start, double Duration, double Every)[] _stops;

    public PlannedStopSchedule(IEnumerable<PlannedStop> stops)
    {
        _stops = [.. stops.Select(s => (s.Start.TotalSeconds, s.Duration.TotalSeconds, s.Every?.TotalSeconds ?? 0))];
        Stops = [.. stops];
    }

    public IReadOnlyList<PlannedStop> Stops { get; }

    /// <summary>Whether a planned stop covers <paramref name="t"/>; <paramref name="end"/> = when it (and any overlapping one) ends.</summary>
    public bool IsStopped(double t, out double end)
    {
        end = t;
        var found = true;
        var stopped = false;
        // Overlapping or back-to-back stops merge into one.
        while (found)
        {
            found = false;
            foreach (var stop in _stops)
            {
                var start = LatestStartAtOrBefore(stop, end);
                if (start is { } s && end < s + stop.Duration)
                {
                    end = s + stop.Duration;
                    found = stopped = true;
                }
            }
        }

        return stopped;
    }

    /// <summary>The first planned stop start after <paramref name="t"/> (infinity when none).</summary>
    public double NextStart(double t)
    {
        var next = double.PositiveInfinity;
        foreach (var stop in _stops)
        {
            double start;
            if (t < stop.Start)
            {
                start = stop.Start;
            }
            else if (stop.Every > 0)
            {
                start = stop.Start + (Math.Floor((t - stop.Start) / stop.Every) + 1) * stop.Every;
            }
            else
            {
                continue;
            }

            next = Math.Min(next, start);
        }

        return next;
    }

    private static double? LatestStartAtOrBefore((double Start, double Duration, double Every) stop, double t)
    {
        if (t < stop.Start) return null;
        return stop.Every > 0 ? stop.Start + Math.Floor((t - stop.Start) / stop.Every) * stop.Every : stop.Start;
    }
}
