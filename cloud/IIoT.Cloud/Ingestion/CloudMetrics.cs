using System.Diagnostics.Metrics;

namespace IIoT.Cloud.Ingestion;

/// <summary>Instruments of the ingestion service (Meter "IIoT.Cloud"); a replay is counted as duplicate only.</summary>
internal sealed class CloudMetrics
{
    public const string MeterName = "IIoT.Cloud";

    public CloudMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        BatchesReceived = meter.CreateCounter<long>("iiot.cloud.batches.received", "{batch}", "Batches that passed authentication and were read.");
        BatchesStored = meter.CreateCounter<long>("iiot.cloud.batches.stored", "{batch}", "Batches written to InfluxDB (first time).");
        BatchesDuplicate = meter.CreateCounter<long>("iiot.cloud.batches.duplicate", "{batch}", "Exact replays answered without writing.");
        PointsWritten = meter.CreateCounter<long>("iiot.cloud.points.written", "{point}", "Points acknowledged by InfluxDB.");
        PointsRejected = meter.CreateCounter<long>("iiot.cloud.points.rejected", "{point}", "Points refused by validation or by InfluxDB.");
        BytesReceived = meter.CreateCounter<long>("iiot.cloud.request.bytes", "By", "Request body bytes as sent (compressed).");
        AuthFailures = meter.CreateCounter<long>("iiot.cloud.auth.failures", "{request}", "Requests without a valid API key.");
        AuthThrottled = meter.CreateCounter<long>("iiot.cloud.auth.throttled", "{request}", "Requests refused with 429 because their address failed authentication too often.");
        InfluxErrors = meter.CreateCounter<long>("iiot.cloud.influx.errors", "{error}", "Writes that failed because InfluxDB was unavailable.");
        WriteDuration = meter.CreateHistogram<double>("iiot.cloud.write.duration", "s", "Time to write one batch to InfluxDB.");
    }

    public Counter<long> BatchesReceived { get; }
    public Counter<long> BatchesStored { get; }
    public Counter<long> BatchesDuplicate { get; }
    public Counter<long> PointsWritten { get; }
    public Counter<long> PointsRejected { get; }
    public Counter<long> BytesReceived { get; }
    public Counter<long> AuthFailures { get; }
    public Counter<long> AuthThrottled { get; }
    public Counter<long> InfluxErrors { get; }
    public Histogram<double> WriteDuration { get; }
}
