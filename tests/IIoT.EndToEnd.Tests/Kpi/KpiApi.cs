using System.Globalization;
using System.Text.Json;

namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>Reads the answer of GET /api/v1/kpis: {"kpis":[{level, line, machine, from, to, figures:{..}, totals:{..}}]}.</summary>
internal static class KpiApi
{
    public static IEnumerable<JsonElement> Rows(JsonElement answer) => answer.GetProperty("kpis").EnumerateArray();

    public static string Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary>A figure (availability, oee, stops, ...); null when the API says null or leaves it out.</summary>
    public static double? Figure(JsonElement row, string name) =>
        row.GetProperty("figures").TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>The window [from, to) in Unix nanoseconds (the API gives ISO 8601 times).</summary>
    public static (long FromNs, long ToNs) Range(JsonElement row) => (Time(row, "from"), Time(row, "to"));

    /// <summary>A time field of any API object in Unix nanoseconds.</summary>
    public static long Ns(JsonElement element, string name) => Time(element, name);

    /// <summary>A query parameter time: ISO 8601 UTC with 7 fractional digits (100 ns, what the API resolves).</summary>
    public static string Iso(long ns) =>
        DateTimeOffset.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static long Time(JsonElement row, string name)
    {
        var time = DateTimeOffset.Parse(row.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
        return (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
    }
}
