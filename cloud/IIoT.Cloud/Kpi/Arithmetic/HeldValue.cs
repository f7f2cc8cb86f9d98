namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>A numeric value held from its sample until the next sample of the signal or MaxSampleGap after it.</summary>
internal readonly record struct HeldValue(long FromNs, long ToNs, double Value)
{
    /// <summary>The stretches where a good, finite value holds, in time order, from normalized samples.</summary>
    public static List<HeldValue> From(List<NumberSample> normalized, long maxGapNs)
    {
        var result = new List<HeldValue>(normalized.Count);
        for (var i = 0; i < normalized.Count; i++)
        {
            var sample = normalized[i];
            if (!sample.Good || !double.IsFinite(sample.Value))
            {
                continue;
            }
            var end = sample.TimeNs + maxGapNs;
            if (i + 1 < normalized.Count)
            {
                end = Math.Min(end, normalized[i + 1].TimeNs);
            }
            result.Add(new HeldValue(sample.TimeNs, end, sample.Value));
        }
        return result;
    }

    /// <summary>The value in force at <paramref name="timeNs"/>, if any (binary search over the ordered stretches).</summary>
    public static double? At(List<HeldValue> held, long timeNs)
    {
        int lo = 0, hi = held.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (held[mid].FromNs <= timeNs)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found >= 0 && timeNs < held[found].ToNs ? held[found].Value : null;
    }
}
