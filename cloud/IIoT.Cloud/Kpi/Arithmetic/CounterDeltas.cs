namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Counter increases between consecutive good samples, corrected for resets and rollovers.</summary>
internal static class CounterDeltas
{
    /// <summary>
    /// Calls <paramref name="onDelta"/>(time of the later sample, delta) for every pair of consecutive good samples
    /// whose later sample lies in <paramref name="bucket"/> and whose earlier one is at most MaxCounterGap older.
    /// </summary>
    public static void ForEach(List<NumberSample> normalized, TimeRange bucket, KpiSettings settings, Action<long, double> onDelta)
    {
        var maxGapNs = settings.MaxCounterGap.Ticks * 100;
        NumberSample? previous = null;
        foreach (var sample in normalized)
        {
            if (!sample.Good || !double.IsFinite(sample.Value) || sample.Value < 0)
            {
                continue;
            }
            if (sample.TimeNs >= bucket.ToNs)
            {
                break;
            }
            if (previous is { } prev && bucket.Contains(sample.TimeNs) && sample.TimeNs - prev.TimeNs <= maxGapNs)
            {
                onDelta(sample.TimeNs, Delta(prev.Value, sample.Value, settings));
            }
            previous = sample;
        }
    }

    /// <summary>The increase from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public static double Delta(double previous, double current, KpiSettings settings)
    {
        if (current >= previous)
        {
            return current - previous;
        }
        // A drop: the counter wrapped when it was near the top, otherwise the machine reset it to 0 and has made
        // `current` parts since.
        var rollover = settings.CounterRollover;
        return previous >= rollover * (1 - settings.RolloverBand) ? rollover - previous + current : current;
    }
}
