namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Computes the additive <see cref="KpiRollup"/> of one machine over one bucket from raw samples.</summary>
public static class RollupCalculator
{
    /// <summary>
    /// The rollup of <paramref name="bucket"/>. <paramref name="samples"/> must hold every sample in
    /// [bucket.FromNs - settings.Lookback, bucket.ToNs) (more is ignored). <paramref name="plannedDowntime"/> are the
    /// calendar's planned downtime ranges; they must cover [bucket.FromNs - 1 ns, bucket.ToNs) (the instant before the
    /// bucket decides whether a stop starts at its first instant), e.g. calendar.PlannedDowntime(new TimeRange(b - 1, b + L)),
    /// or use the overload taking the calendar.
    /// </summary>
    public static KpiRollup Compute(
        MachineSamples samples, TimeRange bucket, IReadOnlyList<TimeRange> plannedDowntime, KpiSettings settings)
    {
        throw new NotImplementedException();
    }

    /// <summary>The rollup of <paramref name="bucket"/> with the planned downtime of <paramref name="calendar"/>.</summary>
    public static KpiRollup Compute(MachineSamples samples, TimeRange bucket, ShiftCalendar calendar, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Compute(samples, bucket, calendar.PlannedDowntime(new TimeRange(bucket.FromNs - 1, bucket.ToNs)), settings);
    }
}
