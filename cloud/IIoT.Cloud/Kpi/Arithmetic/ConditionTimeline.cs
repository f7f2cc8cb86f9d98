namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Turns state samples into a gap-free timeline of conditions over a range.</summary>
public static class ConditionTimeline
{
    /// <summary>The state name of a span without a usable sample.</summary>
    public const string UnknownState = "unknown";

    /// <summary>
    /// The spans covering <paramref name="range"/> exactly (adjacent spans with the same condition and state are
    /// merged). A good sample holds its state from its timestamp until the next sample or MaxSampleGap, whichever
    /// comes first; a bad sample, an unmapped name, or no sample -> Unknown ("unknown" for the first two cases, the
    /// raw name for an unmapped one). Within <paramref name="plannedDowntime"/> every condition except Running
    /// becomes Planned (the raw state name is kept). Samples may come in any order; duplicates count once.
    /// </summary>
    public static IReadOnlyList<ConditionSpan> Build(
        IReadOnlyList<StateSample> states, TimeRange range, KpiSettings settings, IReadOnlyList<TimeRange>? plannedDowntime = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(settings);
        var normalized = SampleOrder.Normalize(states, s => s.TimeNs);
        var planned = plannedDowntime is null ? [] : SampleOrder.Merge(plannedDowntime);
        return Build(normalized, range, settings, planned);
    }

    /// <summary>As the public overload, from normalized samples and merged planned ranges.</summary>
    internal static List<ConditionSpan> Build(List<StateSample> normalized, TimeRange range, KpiSettings settings, List<TimeRange> planned)
    {
        var result = new List<ConditionSpan>();
        if (range.IsEmpty)
        {
            return result;
        }
        var gapNs = settings.MaxSampleGap.Ticks * 100;
        var cursor = range.FromNs;
        // The last sample at or before the range start decides the condition at its first instant.
        var first = FirstRelevant(normalized, range.FromNs);
        for (var i = first; i < normalized.Count && cursor < range.ToNs; i++)
        {
            var sample = normalized[i];
            var next = i + 1 < normalized.Count ? normalized[i + 1].TimeNs : long.MaxValue;
            var heldTo = Math.Min(next, SaturatingAdd(sample.TimeNs, gapNs));
            if (sample.TimeNs > cursor)
            {
                AddWithPlan(result, new ConditionSpan(cursor, Math.Min(sample.TimeNs, range.ToNs), MachineCondition.Unknown, UnknownState), planned);
                cursor = Math.Min(sample.TimeNs, range.ToNs);
            }
            if (cursor >= range.ToNs)
            {
                break;
            }
            var (condition, name) = sample.Good
                ? (settings.Classify(sample.State), sample.State ?? UnknownState)
                : (MachineCondition.Unknown, UnknownState);
            // A bad sample makes the state unknown until the next sample, not only for MaxSampleGap.
            var end = Math.Min(sample.Good ? heldTo : next, range.ToNs);
            if (end > cursor)
            {
                AddWithPlan(result, new ConditionSpan(cursor, end, condition, name), planned);
                cursor = end;
            }
        }
        if (cursor < range.ToNs)
        {
            AddWithPlan(result, new ConditionSpan(cursor, range.ToNs, MachineCondition.Unknown, UnknownState), planned);
        }
        return result;
    }

    private static int FirstRelevant(List<StateSample> normalized, long fromNs)
    {
        int lo = 0, hi = normalized.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (normalized[mid].TimeNs <= fromNs)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found >= 0 ? found : 0;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>Appends a span, turning the parts inside planned downtime into Planned unless the machine runs.</summary>
    private static void AddWithPlan(List<ConditionSpan> result, ConditionSpan span, List<TimeRange> planned)
    {
        if (span.Condition == MachineCondition.Running || span.Condition == MachineCondition.Planned || planned.Count == 0)
        {
            Append(result, span);
            return;
        }
        var cursor = span.FromNs;
        foreach (var range in planned)
        {
            if (range.ToNs <= cursor)
            {
                continue;
            }
            if (range.FromNs >= span.ToNs)
            {
                break;
            }
            if (range.FromNs > cursor)
            {
                Append(result, span with { FromNs = cursor, ToNs = range.FromNs });
                cursor = range.FromNs;
            }
            var end = Math.Min(range.ToNs, span.ToNs);
            Append(result, new ConditionSpan(cursor, end, MachineCondition.Planned, span.State));
            cursor = end;
        }
        if (cursor < span.ToNs)
        {
            Append(result, span with { FromNs = cursor });
        }
    }

    private static void Append(List<ConditionSpan> result, ConditionSpan span)
    {
        if (span.ToNs <= span.FromNs)
        {
            return;
        }
        if (result.Count > 0)
        {
            var last = result[^1];
            if (last.ToNs == span.FromNs && last.Condition == span.Condition && last.State == span.State)
            {
                result[^1] = last with { ToNs = span.ToNs };
                return;
            }
        }
        result.Add(span);
    }
}
