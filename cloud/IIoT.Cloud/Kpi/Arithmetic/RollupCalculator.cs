namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Computes the additive <see cref="KpiRollup"/> of one machine over one bucket from raw samples.</summary>
public static class RollupCalculator
{
    /// <summary>
    /// The rollup of <paramref name="bucket"/>. <paramref name="samples"/> must hold every sample in
    /// [bucket.FromNs - settings.Lookback, bucket.ToNs) (more is ignored; any order; duplicates count once).
    /// <paramref name="plannedDowntime"/> are the calendar's planned downtime ranges; they must cover
    /// [bucket.FromNs - 1 ns, bucket.ToNs) (the instant before the bucket decides whether a stop starts at its first
    /// instant), e.g. calendar.PlannedDowntime(new TimeRange(b - 1, b + L)), or use the overload taking the calendar.
    /// The result depends only on the samples and ranges in that span, so computing a window directly and summing its
    /// buckets give the same rollup.
    /// </summary>
    public static KpiRollup Compute(
        MachineSamples samples, TimeRange bucket, IReadOnlyList<TimeRange> plannedDowntime, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(plannedDowntime);
        ArgumentNullException.ThrowIfNull(settings);
        if (bucket.IsEmpty)
        {
            return KpiRollup.Zero;
        }

        var planned = SampleOrder.Merge(plannedDowntime);
        var states = SampleOrder.Normalize(samples.States, s => s.TimeNs);
        // One nanosecond before the bucket: its condition tells whether a stop or failure begins at the bucket start.
        var spans = ConditionTimeline.Build(states, new TimeRange(bucket.FromNs - 1, bucket.ToNs), settings, planned);

        var timeNs = new long[Enum.GetValues<MachineCondition>().Length];
        int stops = 0, failures = 0;
        var before = MachineCondition.Unknown;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            var part = span.ToNs - Math.Max(span.FromNs, bucket.FromNs);
            if (part > 0)
            {
                timeNs[(int)span.Condition] += part;
            }
            if (i > 0 && span.FromNs >= bucket.FromNs)
            {
                if (IsDown(span.Condition) && !IsDown(before))
                {
                    stops++;
                }
                if (span.Condition == MachineCondition.Fault && before != MachineCondition.Fault)
                {
                    failures++;
                }
            }
            before = span.Condition;
        }

        var gapNs = settings.MaxSampleGap.Ticks * 100;
        var ideal = HeldValue.From(SampleOrder.Normalize(samples.IdealCycleTimeS, s => s.TimeNs), gapNs);
        double partsTotal = 0, idealPartS = 0;
        CounterDeltas.ForEach(SampleOrder.Normalize(samples.PartsTotal, s => s.TimeNs), bucket, settings, (time, delta) =>
        {
            partsTotal += delta;
            // The ideal cycle time in force when the counter moved applies to the parts it counted.
            if (HeldValue.At(ideal, time) is { } cycle && cycle > 0)
            {
                idealPartS += delta * cycle;
            }
        });
        var partsGood = SumDeltas(samples.PartsGood, bucket, settings);
        var partsReject = SumDeltas(samples.PartsReject, bucket, settings);

        double energyKwh = 0;
        long powerKnownNs = 0;
        foreach (var held in HeldValue.From(SampleOrder.Normalize(samples.PowerKw, s => s.TimeNs), gapNs))
        {
            var part = new TimeRange(held.FromNs, held.ToNs).Intersect(bucket).DurationNs;
            if (part > 0)
            {
                powerKnownNs += part;
                energyKwh += held.Value * (part / 1e9) / 3600d;
            }
        }

        return new KpiRollup(
            WindowS: Seconds(bucket.DurationNs),
            PlannedDownS: Seconds(timeNs[(int)MachineCondition.Planned]),
            UnknownS: Seconds(timeNs[(int)MachineCondition.Unknown]),
            RunS: Seconds(timeNs[(int)MachineCondition.Running]),
            IdleS: Seconds(timeNs[(int)MachineCondition.Idle]),
            SetupS: Seconds(timeNs[(int)MachineCondition.Setup]),
            FaultS: Seconds(timeNs[(int)MachineCondition.Fault]),
            Stops: stops,
            Failures: failures,
            PartsTotal: partsTotal,
            PartsGood: partsGood,
            PartsReject: partsReject,
            IdealPartS: idealPartS,
            EnergyKwh: energyKwh,
            PowerKnownS: Seconds(powerKnownNs));
    }

    /// <summary>The rollup of <paramref name="bucket"/> with the planned downtime of <paramref name="calendar"/>.</summary>
    public static KpiRollup Compute(MachineSamples samples, TimeRange bucket, ShiftCalendar calendar, KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Compute(samples, bucket, calendar.PlannedDowntime(new TimeRange(bucket.FromNs - 1, bucket.ToNs)), settings);
    }

    internal static bool IsDown(MachineCondition condition) =>
        condition is MachineCondition.Idle or MachineCondition.Setup or MachineCondition.Fault;

    private static double SumDeltas(List<NumberSample> samples, TimeRange bucket, KpiSettings settings)
    {
        double sum = 0;
        CounterDeltas.ForEach(SampleOrder.Normalize(samples, s => s.TimeNs), bucket, settings, (_, delta) => sum += delta);
        return sum;
    }

    private static double Seconds(long ns) => ns / 1e9;
}
