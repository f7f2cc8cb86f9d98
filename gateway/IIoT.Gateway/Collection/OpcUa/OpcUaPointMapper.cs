using System.Globalization;
using System.Text;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// One DataValue of one item to a <see cref="Point"/>. Numbers become int or double, Boolean bool, String and
/// LocalizedText string; what a point cannot hold as such (arrays, structures, DateTime, ids, byte strings) is mapped
/// to its text so that nothing is dropped. Bad and Uncertain values keep their quality and status code; a value the
/// server did not send stays unset rather than becoming 0.
/// </summary>
internal static class OpcUaPointMapper
{
    /// <summary>Longer texts of arrays or structures are cut here (the cloud limits string values too).</summary>
    public const int MaxTextLength = 4096;

    public static Point Map(OpcUaItem item, DataValue value, AssetPath asset, string source, long receiveTimeNs)
    {
        var status = value.Status;
        var point = new Point
        {
            Asset = asset,
            Signal = item.Signal,
            Source = source,
            SourceStatus = status.Code,
            Quality = status.IsGood ? Quality.Good : status.IsUncertain ? Quality.Uncertain : Quality.Bad,
            // The server timestamp is the best receive time there is: when the server saw the value.
            ReceiveTimeNs = value.ServerTimestamp.IsMinValue ? receiveTimeNs : ToNanoseconds(value.ServerTimestamp),
        };
        point.SourceTimeNs = value.SourceTimestamp.IsMinValue ? point.ReceiveTimeNs : ToNanoseconds(value.SourceTimestamp);
        if (item.Unit is { Length: > 0 } unit)
        {
            point.Unit = unit;
        }
        SetValue(point, value.Value);
        return point;
    }

    private static void SetValue(Point point, Variant value)
    {
        if (value.IsNull || value.Value is null)
        {
            return;
        }
        if (value.IsArray)
        {
            point.StringValue = Cut(ArrayText((Array)value.Value));
            return;
        }
        switch (value.Value)
        {
            case bool b:
                point.BoolValue = b;
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                point.IntValue = Convert.ToInt64(value.Value, CultureInfo.InvariantCulture);
                break;
            case ulong u:
                if (u <= long.MaxValue)
                {
                    point.IntValue = (long)u;
                }
                else
                {
                    point.DoubleValue = u;
                }
                break;
            case float f:
                point.DoubleValue = f;
                break;
            case double d:
                point.DoubleValue = d;
                break;
            case string s:
                point.StringValue = Cut(s);
                break;
            case LocalizedText text:
                point.StringValue = Cut(text.Text ?? "");
                break;
            case byte[] bytes:
                point.StringValue = Cut(Convert.ToBase64String(bytes));
                break;
            default:
                point.StringValue = Cut(Text(value.Value));
                break;
        }
    }

    private static string ArrayText(Array values)
    {
        var builder = new StringBuilder("[");
        var first = true;
        foreach (var element in values)
        {
            if (!first)
            {
                builder.Append(',');
            }
            first = false;
            builder.Append(Text(element));
            if (builder.Length > MaxTextLength)
            {
                break;
            }
        }
        return builder.Append(']').ToString();
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Cut(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength];

    internal static long ToNanoseconds(UaDateTime time) => UnixTime.ToNanoseconds(new DateTimeOffset(time.ToDateTime(), TimeSpan.Zero));
}
