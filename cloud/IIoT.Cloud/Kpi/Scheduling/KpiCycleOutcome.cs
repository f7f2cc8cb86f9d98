namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>What one tenant's cycle did: data complete up to <paramref name="EndNs"/> (a bucket boundary).</summary>
internal sealed record KpiCycleOutcome(long EndNs, int Buckets, int Rollups, int KpiPoints);
