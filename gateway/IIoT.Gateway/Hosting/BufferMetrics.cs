using System.Diagnostics.Metrics;
using IIoT.Gateway.Buffering;

namespace IIoT.Gateway.Hosting;

/// <summary>The buffer's state as observable instruments, read at each scrape.</summary>
internal static class BufferMetrics
{
    public static void Observe(DurableBuffer buffer, TimeProvider clock)
    {
        var meter = GatewayMeter.Meter;
        meter.CreateObservableGauge("iiot.gateway.buffer.records", () => buffer.Stats.RecordCount, "{record}", "Records waiting for the cloud.");
        meter.CreateObservableGauge("iiot.gateway.buffer.size", () => buffer.Stats.Bytes, "By", "Bytes of segment files on disk.");
        meter.CreateObservableGauge("iiot.gateway.buffer.oldest.age", () =>
        {
            var oldest = buffer.Stats.OldestUnackedAppendedAt;
            return oldest is null ? 0 : (clock.GetUtcNow() - oldest.Value).TotalSeconds;
        }, "s", "Age of the oldest record waiting for the cloud.");
        meter.CreateObservableCounter("iiot.gateway.buffer.dropped.records", () => buffer.Stats.DroppedRecords, "{record}",
            "Records deleted by the DropOldest overflow policy.");
        meter.CreateObservableCounter("iiot.gateway.buffer.corrupt.records", () => buffer.Stats.CorruptRecords, "{record}",
            "Records found corrupt on disk and skipped.");
        meter.CreateObservableCounter("iiot.gateway.buffer.appended.records", () => buffer.Stats.AppendedRecords, "{record}",
            "Records appended durably since start.");
    }
}
