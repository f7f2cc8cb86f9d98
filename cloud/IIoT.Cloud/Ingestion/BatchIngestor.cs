using System.Diagnostics;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Scheduling;
using IIoT.Cloud.Storage;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Ingestion;

/// <summary>Validates a batch point by point, writes the good points and the loss records, and says which points were refused.</summary>
internal sealed class BatchIngestor(
    BatchWriter writer, IOptions<CloudOptions> options, TimeProvider clock, CloudMetrics metrics, KpiDirtyTracker kpiDirty,
    ILogger<BatchIngestor> logger)
{
    private readonly LimitsOptions _limits = options.Value.Limits;

    /// <exception cref="InfluxUnavailableException">Nothing can be acknowledged; the gateway should retry.</exception>
    public async Task<BatchResult> StoreAsync(Batch batch, GatewayIdentity gateway, CancellationToken cancellationToken)
    {
        var now = UnixTime.Now(clock);
        var minTime = now - ToNanoseconds(_limits.MaxPastAge);
        var maxTime = now + ToNanoseconds(_limits.MaxFutureSkew);
        var rejected = new List<PointRejection>();
        using var lines = new LineProtocolBuffer(batch.Points.Count + batch.Losses.Count);
        var collisions = new SampleCollisionDetector(batch.Points);
        var collided = 0;
        // Late data: buckets the next KPI cycle would not recompute anyway (one comparison per point).
        var kpiMarks = kpiDirty.Begin();
        for (var i = 0; i < batch.Points.Count; i++)
        {
            var point = batch.Points[i];
            if (PointValidator.Validate(point, minTime, maxTime, out var timestamp) is { } reason)
            {
                rejected.Add(new PointRejection { Index = (uint)i, Reason = reason });
                continue;
            }
            if (collisions.Check(i, timestamp) is { } collision)
            {
                // API-09: InfluxDB would keep only this later value; keep the first and tell the gateway.
                rejected.Add(new PointRejection { Index = (uint)i, Reason = collision });
                collided++;
                continue;
            }
            lines.AppendPoint(point, gateway.GatewayId, timestamp, i);
            kpiMarks.Add(timestamp);
        }
        if (collided > 0)
        {
            Log.SampleCollisions(logger, batch.Sequence, gateway.GatewayId, collided);
        }
        var pointLines = lines.LineCount;
        for (var i = 0; i < batch.Losses.Count; i++)
        {
            var loss = batch.Losses[i];
            if (CheckLoss(loss) is { } reason)
            {
                Log.LossRecordNotStored(logger, gateway.GatewayId, reason);
                continue;
            }
            lines.AppendLoss(loss, gateway.GatewayId, loss.RecordedTimeNs != 0 ? loss.RecordedTimeNs : now, i);
        }

        var started = Stopwatch.GetTimestamp();
        var refused = await writer.WriteAsync(gateway.Target.Name, lines, cancellationToken).ConfigureAwait(false);
        metrics.WriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        kpiDirty.Commit(gateway.Target.TenantId, kpiMarks);

        foreach (var (line, reason) in refused)
        {
            if (line < pointLines)
            {
                rejected.Add(new PointRejection { Index = (uint)lines.ItemOf(line), Reason = "refused by InfluxDB: " + reason });
            }
            else
            {
                Log.LossRecordNotStored(logger, gateway.GatewayId, "refused by InfluxDB: " + reason);
            }
        }
        rejected.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        var result = new BatchResult { Sequence = batch.Sequence, AcceptedPoints = (uint)(batch.Points.Count - rejected.Count) };
        result.Rejected.AddRange(rejected);
        return result;
    }

    /// <summary>Clamped so that a "forever" window (TimeSpan.MaxValue) does not overflow.</summary>
    private static long ToNanoseconds(TimeSpan span) => span.Ticks > long.MaxValue / 400 ? long.MaxValue / 4 : span.Ticks * 100;

    private static string? CheckLoss(LossRecord loss)
    {
        if (loss.Source.Length > 0 && PointValidator.CheckName(loss.Source) is { } source)
        {
            return "source " + source;
        }
        if (loss.Reason.Length > 0 && PointValidator.CheckName(loss.Reason) is { } reason)
        {
            return "reason " + reason;
        }
        return loss.Detail.Length > PointValidator.MaxStringValueBytes ? "detail is too long" : null;
    }
}
