namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>
/// A machine's state timeline and stops over [fromNs, toNs) from the truth, for the timeline and stops API. Same
/// rules as <see cref="ExpectedKpi"/>: a state holds until the next sample (at most the gap); a stop is a maximal
/// stretch of idle/setup/fault, of kind fault if it holds any fault, else setup if any setup, else idle.
/// </summary>
internal static class TruthSpans
{
    public static List<(long FromNs, long ToNs, string State)> Timeline(IReadOnlyList<TruthSample> samples, long fromNs, long toNs, TimeSpan maxGap)
    {
        var spans = new List<(long FromNs, long ToNs, string State)>();
        foreach (var (start, end, state) in Held(samples, fromNs, toNs, maxGap))
        {
            if (spans.Count > 0 && spans[^1].State == state && spans[^1].ToNs == start)
            {
                spans[^1] = (spans[^1].FromNs, end, state);
            }
            else
            {
                spans.Add((start, end, state));
            }
        }
        return spans;
    }

    public static List<(long FromNs, long ToNs, string Kind)> Stops(IReadOnlyList<TruthSample> samples, long fromNs, long toNs, TimeSpan maxGap)
    {
        var stops = new List<(long FromNs, long ToNs, string Kind)>();
        foreach (var (start, end, state) in Held(samples, fromNs, toNs, maxGap))
        {
            if (state is not ("idle" or "setup" or "fault"))
            {
                continue;
            }
            if (stops.Count > 0 && stops[^1].ToNs == start)
            {
                var kind = stops[^1].Kind == "fault" || state == "fault" ? "fault" : stops[^1].Kind == "setup" || state == "setup" ? "setup" : "idle";
                stops[^1] = (stops[^1].FromNs, end, kind);
            }
            else
            {
                stops.Add((start, end, state));
            }
        }
        return stops;
    }

    /// <summary>Each sample's hold, clipped to the range (empty holds left out).</summary>
    private static IEnumerable<(long FromNs, long ToNs, string State)> Held(IReadOnlyList<TruthSample> samples, long fromNs, long toNs, TimeSpan maxGap)
    {
        var gapNs = (long)maxGap.TotalMilliseconds * 1_000_000;
        for (var i = 0; i < samples.Count; i++)
        {
            var end = Math.Min(i + 1 < samples.Count ? samples[i + 1].TimeNs : long.MaxValue, samples[i].TimeNs + gapNs);
            var start = Math.Max(samples[i].TimeNs, fromNs);
            end = Math.Min(end, toNs);
            if (end > start)
            {
                yield return (start, end, samples[i].State);
            }
        }
    }
}
