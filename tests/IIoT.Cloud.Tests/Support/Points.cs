using IIoT.Contracts;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Tests.Support;

/// <summary>Test points and batches with current timestamps.</summary>
public static class Points
{
    private static long _lastNs;

    /// <summary>A distinct, current timestamp per call, so that points never overwrite each other.</summary>
    public static long NowNs()
    {
        var now = UnixTime.Now(TimeProvider.System);
        long last, next;
        do
        {
            last = Interlocked.Read(ref _lastNs);
            next = Math.Max(now, last + 1000);
        }
        while (Interlocked.CompareExchange(ref _lastNs, next, last) != last);
        return next;
    }

    public static Point Double(string signal, double value, long? timeNs = null) => WithAsset(new Point
    {
        Signal = signal,
        DoubleValue = value,
        SourceTimeNs = timeNs ?? NowNs(),
        ReceiveTimeNs = UnixTime.Now(TimeProvider.System),
        Source = "mqtt:line1",
        Unit = "degC",
    });

    public static Point Integer(string signal, long value, long? timeNs = null) => WithAsset(new Point
    {
        Signal = signal,
        IntValue = value,
        SourceTimeNs = timeNs ?? NowNs(),
        ReceiveTimeNs = UnixTime.Now(TimeProvider.System),
    });

    public static Batch Batch(string gatewayId, ulong sequence, params Point[] points)
    {
        var batch = new Batch { GatewayId = gatewayId, Sequence = sequence, SentTimeNs = UnixTime.Now(TimeProvider.System) };
        batch.Points.AddRange(points);
        return batch;
    }

    private static Point WithAsset(Point point)
    {
        point.Asset = new AssetPath { Site = "plant1", Area = "press", Line = "line1", Machine = "m1" };
        return point;
    }
}
