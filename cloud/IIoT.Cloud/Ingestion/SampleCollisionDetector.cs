using IIoT.Contracts.V1;

namespace IIoT.Cloud.Ingestion;

/// <summary>
/// API-09: finds points of one batch that share the series (measurement and every tag the cloud writes) and the
/// timestamp of an earlier point but not its value. InfluxDB would silently keep only the last of them, so the
/// later ones are refused and the first one is stored. Identical resends are not collisions.
/// </summary>
/// <remarks>
/// One hash set per batch; the full series, timestamp and value are compared only when hashes match.
/// Limit: only collisions inside one batch are seen. A point colliding with one stored by an earlier batch would
/// need a read of InfluxDB per point, which the ingestion path cannot afford, so such a point still overwrites.
/// The gateway tag is the same for the whole batch (it comes from the API key), so it is not part of the key.
/// </remarks>
internal sealed class SampleCollisionDetector
{
    private readonly HashSet<(int Index, long TimestampNs)> _seen;

    public SampleCollisionDetector(IReadOnlyList<Point> points)
    {
        _seen = new HashSet<(int, long)>(points.Count, new SeriesAndTimeComparer(points));
        Points = points;
    }

    private IReadOnlyList<Point> Points { get; }

    /// <summary>
    /// Null when point <paramref name="index"/> (already valid, stored at <paramref name="timestampNs"/>) may be
    /// written; otherwise why not. Call in index order, only for points that will be written.
    /// </summary>
    public string? Check(int index, long timestampNs)
    {
        if (_seen.Add((index, timestampNs)))
        {
            return null;
        }
        _seen.TryGetValue((index, timestampNs), out var earlier);
        var first = Points[earlier.Index];
        var point = Points[index];
        if (!SameValue(first, point))
        {
            return $"same series and timestamp as point {earlier.Index} with a different value";
        }
        if (first.Quality != point.Quality || first.SourceStatus != point.SourceStatus)
        {
            return $"same series and timestamp as point {earlier.Index} with a different quality or status";
        }
        return null;
    }

    private static bool SameValue(Point a, Point b) => a.ValueCase == b.ValueCase && a.ValueCase switch
    {
        // Bitwise, so that 0.0 and -0.0 (stored differently) count as different; NaN never gets here.
        Point.ValueOneofCase.DoubleValue => BitConverter.DoubleToInt64Bits(a.DoubleValue) == BitConverter.DoubleToInt64Bits(b.DoubleValue),
        Point.ValueOneofCase.IntValue => a.IntValue == b.IntValue,
        Point.ValueOneofCase.BoolValue => a.BoolValue == b.BoolValue,
        Point.ValueOneofCase.StringValue => string.Equals(a.StringValue, b.StringValue, StringComparison.Ordinal),
        _ => true,
    };

    /// <summary>Equal when both points are in the same series at the same timestamp; an absent tag equals an empty one.</summary>
    private sealed class SeriesAndTimeComparer(IReadOnlyList<Point> points) : IEqualityComparer<(int Index, long TimestampNs)>
    {
        public bool Equals((int Index, long TimestampNs) x, (int Index, long TimestampNs) y)
        {
            if (x.TimestampNs != y.TimestampNs)
            {
                return false;
            }
            var a = points[x.Index];
            var b = points[y.Index];
            return string.Equals(a.Signal, b.Signal, StringComparison.Ordinal)
                && string.Equals(a.Source, b.Source, StringComparison.Ordinal)
                && string.Equals(a.Unit, b.Unit, StringComparison.Ordinal)
                && string.Equals(a.Asset?.Site ?? "", b.Asset?.Site ?? "", StringComparison.Ordinal)
                && string.Equals(a.Asset?.Area ?? "", b.Asset?.Area ?? "", StringComparison.Ordinal)
                && string.Equals(a.Asset?.Line ?? "", b.Asset?.Line ?? "", StringComparison.Ordinal)
                && string.Equals(a.Asset?.Machine ?? "", b.Asset?.Machine ?? "", StringComparison.Ordinal);
        }

        public int GetHashCode((int Index, long TimestampNs) key)
        {
            var point = points[key.Index];
            var asset = point.Asset;
            return HashCode.Combine(key.TimestampNs, point.Signal, point.Source, point.Unit,
                asset?.Site ?? "", asset?.Area ?? "", asset?.Line ?? "", asset?.Machine ?? "");
        }
    }
}
