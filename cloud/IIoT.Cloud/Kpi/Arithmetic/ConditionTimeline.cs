namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Turns state samples into a gap-free timeline of conditions over a range.</summary>
public static class ConditionTimeline
{
    /// <summary>
    /// The spans covering <paramref name="range"/> exactly (adjacent spans with the same condition and state are
    /// merged). A good sample holds its state from its timestamp until the next sample or MaxSampleGap, whichever
    /// comes first; a bad sample, an unmapped name, or no sample -> Unknown ("unknown"). Within
    /// <paramref name="plannedDowntime"/> every condition except Running becomes Planned.
    /// </summary>
    public static IReadOnlyList<ConditionSpan> Build(
        IReadOnlyList<StateSample> states, TimeRange range, KpiSettings settings, IReadOnlyList<TimeRange>? plannedDowntime = null)
    {
        throw new NotImplementedException();
    }
}
