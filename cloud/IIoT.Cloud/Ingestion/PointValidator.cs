using System.Text;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Ingestion;

/// <summary>Per-point checks (API-07): one bad point is rejected alone, the rest of its batch is written.</summary>
internal static class PointValidator
{
    public const int MaxNameLength = 256;
    public const int MaxStringValueBytes = 64 * 1024;

    /// <summary>Null when the point can be written at <paramref name="timestampNs"/>; otherwise why not.</summary>
    public static string? Validate(Point point, long minTimeNs, long maxTimeNs, out long timestampNs)
    {
        timestampNs = point.SourceTimeNs != 0 ? point.SourceTimeNs : point.ReceiveTimeNs;
        if (CheckName(point.Signal) is { } signal)
        {
            return "signal " + signal;
        }
        var asset = point.Asset;
        if (asset is not null &&
            (CheckTag("asset.site", asset.Site) ?? CheckTag("asset.area", asset.Area) ??
             CheckTag("asset.line", asset.Line) ?? CheckTag("asset.machine", asset.Machine)) is { } assetProblem)
        {
            return assetProblem;
        }
        if ((CheckTag("source", point.Source) ?? CheckTag("unit", point.Unit)) is { } tagProblem)
        {
            return tagProblem;
        }
        switch (point.ValueCase)
        {
            case Point.ValueOneofCase.None when point.Quality == Quality.Good:
                return "value is not set (only a bad or uncertain point may come without one)";
            case Point.ValueOneofCase.DoubleValue when !double.IsFinite(point.DoubleValue):
                return "value is not a finite number (NaN or Infinity)";
            case Point.ValueOneofCase.StringValue when point.StringValue.Contains('\uFFFD', StringComparison.Ordinal):
                return "string value is not valid UTF-8";
            case Point.ValueOneofCase.StringValue when Encoding.UTF8.GetByteCount(point.StringValue) > MaxStringValueBytes:
                return $"string value is longer than {MaxStringValueBytes} bytes";
        }
        if (timestampNs < minTimeNs || timestampNs > maxTimeNs)
        {
            return timestampNs == 0
                ? "timestamp is missing (source_time_ns and receive_time_ns are 0)"
                : $"timestamp {timestampNs} ns is outside the accepted window [{minTimeNs}, {maxTimeNs}]";
        }
        return null;
    }

    /// <summary>Checks a name used as measurement or tag value; null when it is fine.</summary>
    public static string? CheckName(string name)
    {
        if (name.Length == 0)
        {
            return "is empty";
        }
        if (name.Length > MaxNameLength)
        {
            return $"is longer than {MaxNameLength} characters";
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsControl(c))
            {
                return "contains a control character";
            }
            // Protobuf decoding replaces invalid UTF-8 with U+FFFD; a lone surrogate cannot be encoded at all.
            if (c == '\uFFFD' || (char.IsHighSurrogate(c) ? i + 1 == name.Length || !char.IsLowSurrogate(name[++i]) : char.IsLowSurrogate(c)))
            {
                return "is not valid UTF-8";
            }
            // influxd 1.x reads a backslash before a delimiter as an escape, so such a name cannot be stored.
            if (c == '\\' && (i + 1 == name.Length || name[i + 1] is ',' or '=' or ' '))
            {
                return "has a backslash before a comma, equals sign or space, or at its end";
            }
        }
        return null;
    }

    private static string? CheckTag(string what, string value) =>
        value.Length == 0 ? null : CheckName(value) is { } problem ? what + " " + problem : null;
}
