namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>
/// Collects, while a batch is validated, the buckets of its points that are too old for the next KPI cycle's recent
/// range. One comparison per point; a set only for the (rare) old points.
/// </summary>
internal sealed class KpiBatchMarks(long thresholdNs, long bucketNs)
{
    private HashSet<long>? _buckets;

    /// <summary>Marks that never mark anything (KPIs off).</summary>
    public static KpiBatchMarks None { get; } = new(long.MinValue, 1);

    internal IReadOnlyCollection<long> Buckets => (IReadOnlyCollection<long>?)_buckets ?? [];

    public void Add(long timeNs)
    {
        if (timeNs < thresholdNs)
        {
            (_buckets ??= []).Add(KpiTime.Floor(timeNs, bucketNs));
        }
    }
}
