namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Finds the stops of one machine (for the stops list; the rollup counts them the same way).</summary>
public static class StopFinder
{
    /// <summary>
    /// The stops that overlap <paramref name="range"/>, in time order. Pass the state samples from
    /// range.FromNs - MaxSampleGap onwards (earlier samples let a stop that began before the range show its true
    /// start). A stop still going on at range.ToNs ends there.
    /// </summary>
    public static IReadOnlyList<Stop> Find(
        IReadOnlyList<StateSample> states, TimeRange range, KpiSettings settings, IReadOnlyList<TimeRange>? plannedDowntime = null)
    {
        throw new NotImplementedException();
    }
}
