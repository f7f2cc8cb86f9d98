using System.Globalization;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Cli;

/// <summary>Human-readable text of values and data types, invariant culture so output is the same on every machine.</summary>
internal static class ValueText
{
    private const int MaxArrayItems = 20;

    public static string Format(Variant value)
    {
        if (value.IsNull)
        {
            return "(null)";
        }

        if (value.IsArray && value.Value is Array array)
        {
            var items = array.Cast<object?>().Take(MaxArrayItems).Select(Scalar);
            var more = array.Length > MaxArrayItems ? $", ... ({array.Length} items)" : "";
            return "[" + string.Join(", ", items) + more + "]";
        }

        return Scalar(value.Value);
    }

    public static string Time(UaDateTime time) =>
        time.IsMinValue ? "-" : time.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The built-in type name for the standard data types (i=1..25), else the data type's NodeId.</summary>
    public static string DataTypeName(NodeId? dataType)
    {
        if (dataType is null)
        {
            return "?";
        }

        if (dataType.NamespaceIndex == 0 && dataType.IdType == NodeIdType.Numeric && dataType.NumericId is >= 1 and <= 25)
        {
            return ((BuiltInType)dataType.NumericId).ToString();
        }

        return dataType.ToString();
    }

    private static string Scalar(object? value) => value switch
    {
        null => "(null)",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
