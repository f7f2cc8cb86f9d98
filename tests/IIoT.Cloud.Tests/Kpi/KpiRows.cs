using System.Globalization;
using System.Text.Json;
using IIoT.Testing;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>Reads kpi and kpi_rollup points of one test's site straight from influxd.</summary>
internal static class KpiRows
{
    public static Task<List<Dictionary<string, JsonElement>>> RollupsAsync(InfluxdServer influxd, string site) =>
        influxd.RowsAsync("acme", $"SELECT * FROM kpi_rollup WHERE site = '{site}' GROUP BY *");

    public static Task<List<Dictionary<string, JsonElement>>> KpisAsync(InfluxdServer influxd, string site, string level, string window) =>
        influxd.RowsAsync("acme", $"SELECT * FROM kpi WHERE site = '{site}' AND level = '{level}' AND \"window\" = '{window}' GROUP BY *");

    /// <summary>The one kpi point of a level and window with timestamp <paramref name="timeNs"/>.</summary>
    public static async Task<Dictionary<string, JsonElement>> KpiAtAsync(InfluxdServer influxd, string site, string level, string window, long timeNs)
    {
        var rows = await KpisAsync(influxd, site, level, window);
        return Assert.Single(rows, r => r["time"].GetInt64() == timeNs);
    }

    public static double D(this Dictionary<string, JsonElement> row, string field) => row[field].GetDouble();

    /// <summary>Every row as one comparable text (all columns and tags, sorted).</summary>
    public static List<string> Snapshot(IEnumerable<Dictionary<string, JsonElement>> rows) =>
        rows.Select(r => string.Join(" ", r.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value.GetRawText())))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// A bucket boundary about <paramref name="secondsAgo"/> s ago, moved earlier when a test's four minutes from
    /// there would cross a whole hour: days and shifts (also in Asia/Shanghai) start on the hour, and a test's data
    /// must lie in one of them.
    /// </summary>
    public static long RecentStartNs(int secondsAgo = 120)
    {
        const long hour = 3_600_000_000_000L;
        const long span = 240_000_000_000L;
        var now = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var start = now - (secondsAgo * 1_000_000_000L);
        var nextHour = start - (start % hour) + hour;
        if (start + span > nextHour)
        {
            start = nextHour - span;
        }
        return start - (start % 2_000_000_000L);
    }

    public static long DayStartNs(long timeNs) => timeNs - (timeNs % (86_400L * 1_000_000_000L));

    public static string Text(long ns) => ns.ToString(CultureInfo.InvariantCulture);
}
