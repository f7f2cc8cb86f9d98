namespace IIoT.Cloud.Kpi.Scheduling;

internal static class KpiTime
{
    /// <summary>The start of the bucket holding <paramref name="timeNs"/> (buckets are aligned to the Unix epoch).</summary>
    public static long Floor(long timeNs, long bucketNs)
    {
        var remainder = timeNs % bucketNs;
        return remainder >= 0 ? timeNs - remainder : timeNs - remainder - bucketNs;
    }

    public static long Nanoseconds(TimeSpan span) => span.Ticks * 100;
}
