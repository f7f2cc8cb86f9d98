using System.Diagnostics.Metrics;

namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>Instruments of the KPI computation, on the service's meter "IIoT.Cloud".</summary>
internal sealed class KpiMetrics
{
    public KpiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Ingestion.CloudMetrics.MeterName);
        Cycles = meter.CreateCounter<long>("iiot.cloud.kpi.cycles", "{cycle}", "Tenant KPI cycles that completed.");
        CycleFailures = meter.CreateCounter<long>("iiot.cloud.kpi.cycle.failures", "{cycle}", "Tenant KPI cycles that failed (InfluxDB unavailable); retried with backoff.");
        CycleDuration = meter.CreateHistogram<double>("iiot.cloud.kpi.cycle.duration", "s", "Time of one tenant's KPI cycle.");
        Buckets = meter.CreateCounter<long>("iiot.cloud.kpi.buckets", "{bucket}", "Rollup buckets recomputed (machine x bucket).");
        LateBuckets = meter.CreateCounter<long>("iiot.cloud.kpi.late_buckets", "{bucket}", "Buckets marked for a recompute by late data.");
        Points = meter.CreateCounter<long>("iiot.cloud.kpi.points", "{point}", "Window KPI points written (measurement kpi).");
    }

    public Counter<long> Cycles { get; }
    public Counter<long> CycleFailures { get; }
    public Histogram<double> CycleDuration { get; }
    public Counter<long> Buckets { get; }
    public Counter<long> LateBuckets { get; }
    public Counter<long> Points { get; }
}
