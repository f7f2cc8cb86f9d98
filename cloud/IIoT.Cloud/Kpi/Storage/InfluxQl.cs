using System.Globalization;

namespace IIoT.Cloud.Kpi.Storage;

/// <summary>Quoting for InfluxQL text built from tag values and names that come from the data or a request.</summary>
internal static class InfluxQl
{
    /// <summary>A double-quoted identifier (measurement, tag or field key).</summary>
    public static string Identifier(string name) =>
        "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A single-quoted string literal (a tag value in WHERE).</summary>
    public static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>An integer time literal: InfluxQL reads it as Unix nanoseconds.</summary>
    public static string Time(long ns) => ns.ToString(CultureInfo.InvariantCulture);

    /// <summary>"time &gt;= from AND time &lt; to".</summary>
    public static string TimeRange(long fromNs, long toNs) => $"time >= {Time(fromNs)} AND time < {Time(toNs)}";

    /// <summary>" AND tag = 'value'" for each given (non-null) tag.</summary>
    public static string TagFilter(params (string Tag, string? Value)[] tags)
    {
        var text = "";
        foreach (var (tag, value) in tags)
        {
            if (value is not null)
            {
                text += " AND " + Identifier(tag) + " = " + Literal(value);
            }
        }
        return text;
    }
}
