namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Finds the stops of one machine (for the stops list; the rollup counts them the same way).</summary>
public static class StopFinder
{
    /// <summary>
    /// The stops that overlap <paramref name="range"/>, in time order. Pass the state samples from
    /// range.FromNs - MaxSampleGap onwards; earlier samples let a stop that began before the range show its true start
    /// (the timeline is built from the earliest sample given). A stop still going on at range.ToNs ends there.
    /// <paramref name="plannedDowntime"/> (calendar) should cover the same span as the samples.
    /// </summary>
    public static IReadOnlyList<Stop> Find(
        IReadOnlyList<StateSample> states, TimeRange range, KpiSettings settings, IReadOnlyList<TimeRange>? plannedDowntime = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(settings);
        var result = new List<Stop>();
        if (range.IsEmpty)
        {
            return result;
        }
        var normalized = SampleOrder.Normalize(states, s => s.TimeNs);
        var from = normalized.Count > 0 ? Math.Min(range.FromNs, normalized[0].TimeNs) : range.FromNs;
        var planned = plannedDowntime is null ? [] : SampleOrder.Merge(plannedDowntime);
        var spans = ConditionTimeline.Build(normalized, new TimeRange(from, range.ToNs), settings, planned);

        var i = 0;
        while (i < spans.Count)
        {
            if (!RollupCalculator.IsDown(spans[i].Condition))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < spans.Count && RollupCalculator.IsDown(spans[i].Condition))
            {
                i++;
            }
            var stopRange = new TimeRange(spans[start].FromNs, spans[i - 1].ToNs);
            if (stopRange.Overlaps(range))
            {
                var condition = Worst(spans, start, i);
                var state = spans.Skip(start).Take(i - start).First(s => s.Condition == condition).State;
                result.Add(new Stop(stopRange.FromNs, stopRange.ToNs, condition, state));
            }
        }
        return result;
    }

    /// <summary>
    /// As <see cref="Find(IReadOnlyList{StateSample}, TimeRange, KpiSettings, IReadOnlyList{TimeRange}?)"/> with the
    /// planned downtime of <paramref name="calendar"/> over the whole span the samples cover (so an idle stretch in a
    /// break before the range is not mistaken for the start of a stop).
    /// </summary>
    public static IReadOnlyList<Stop> Find(IReadOnlyList<StateSample> states, TimeRange range, KpiSettings settings, ShiftCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(calendar);
        var from = range.FromNs - 1;
        foreach (var sample in states)
        {
            from = Math.Min(from, sample.TimeNs - 1);
        }
        return Find(states, range, settings, calendar.PlannedDowntime(new TimeRange(from, range.ToNs)));
    }

    private static MachineCondition Worst(List<ConditionSpan> spans, int from, int to)
    {
        var worst = MachineCondition.Idle;
        for (var i = from; i < to; i++)
        {
            if (spans[i].Condition == MachineCondition.Fault)
            {
                return MachineCondition.Fault;
            }
            if (spans[i].Condition == MachineCondition.Setup)
            {
                worst = MachineCondition.Setup;
            }
        }
        return worst;
    }
}
