namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Puts samples in time order and keeps one sample per timestamp, so that out-of-order arrival and
/// replayed batches (the same point twice) give the same result as one clean, ordered delivery.</summary>
internal static class SampleOrder
{
    public static List<T> Normalize<T>(IReadOnlyList<T> samples, Func<T, long> time)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = true;
        for (var i = 1; i < samples.Count && sorted; i++)
        {
            sorted = time(samples[i - 1]) <= time(samples[i]);
        }
        // OrderBy is stable: among equal timestamps the list order survives, and the last one wins below.
        IEnumerable<T> ordered = sorted ? samples : samples.OrderBy(time);
        var result = new List<T>(samples.Count);
        foreach (var sample in ordered)
        {
            if (result.Count > 0 && time(result[^1]) == time(sample))
            {
                result[^1] = sample;
            }
            else
            {
                result.Add(sample);
            }
        }
        return result;
    }

    /// <summary>Sorted, merged copy of possibly overlapping ranges (empty ones dropped).</summary>
    public static List<TimeRange> Merge(IEnumerable<TimeRange> ranges)
    {
        var result = new List<TimeRange>();
        foreach (var range in ranges.Where(r => !r.IsEmpty).OrderBy(r => r.FromNs))
        {
            if (result.Count > 0 && range.FromNs <= result[^1].ToNs)
            {
                var last = result[^1];
                result[^1] = new TimeRange(last.FromNs, Math.Max(last.ToNs, range.ToNs));
            }
            else
            {
                result.Add(range);
            }
        }
        return result;
    }
}
