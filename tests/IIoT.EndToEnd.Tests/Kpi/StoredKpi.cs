using System.Globalization;
using System.Text.Json;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>What the cloud wrote: kpi_rollup summed per machine over a range, and the latest kpi window points.</summary>
internal static class StoredKpi
{
    private static readonly string[] RollupFields =
    [
        "window_s", "planned_down_s", "unknown_s", "run_s", "idle_s", "setup_s", "fault_s", "stops", "failures",
        "parts_total", "parts_good", "parts_reject", "ideal_part_s", "energy_kwh", "power_known_s",
    ];

    /// <summary>machine -> field -> sum of the kpi_rollup points with time in [fromNs, toNs), plus "buckets" (their count).</summary>
    public static async Task<Dictionary<string, Dictionary<string, double>>> RollupSumsAsync(InfluxdServer influx, string database, long fromNs, long toNs)
    {
        var select = string.Join(", ", RollupFields.Select(f => $"sum(\"{f}\") AS \"{f}\"")) + ", count(\"window_s\") AS \"buckets\"";
        var rows = await influx.RowsAsync(database,
            $"SELECT {select} FROM \"kpi_rollup\" WHERE time >= {fromNs} AND time < {toNs} GROUP BY \"machine\"");
        return rows.ToDictionary(r => r["machine"].GetString()!, Numbers, StringComparer.Ordinal);
    }

    /// <summary>(machine, bucket start) -> every numeric field of the kpi_rollup points with time in [fromNs, toNs).</summary>
    public static async Task<Dictionary<(string Machine, long BucketNs), Dictionary<string, double>>> RollupsAsync(
        InfluxdServer influx, string database, long fromNs, long toNs)
    {
        var rows = await influx.RowsAsync(database, $"SELECT * FROM \"kpi_rollup\" WHERE time >= {fromNs} AND time < {toNs} GROUP BY \"machine\"");
        return rows.ToDictionary(r => (r["machine"].GetString()!, r["time"].GetInt64()), Numbers);
    }

    /// <summary>The latest kpi point per (level, window, line, machine) with its range and every numeric field.</summary>
    public static async Task<List<WindowPoint>> LatestWindowsAsync(InfluxdServer influx, string database)
    {
        var rows = await influx.RowsAsync(database, "SELECT * FROM \"kpi\" GROUP BY \"level\", \"window\", \"line\", \"machine\" ORDER BY time DESC LIMIT 1");
        return rows.Select(r => new WindowPoint(
            r["level"].GetString()!,
            r["window"].GetString()!,
            Tag(r, "line"),
            Tag(r, "machine"),
            Tag(r, "shift"),
            r["from_ns"].GetInt64(),
            r["to_ns"].GetInt64(),
            r.TryGetValue("complete", out var complete) && complete.ValueKind == JsonValueKind.True,
            Numbers(r))).ToList();
    }

    private static string Tag(Dictionary<string, JsonElement> row, string name) =>
        row.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static Dictionary<string, double> Numbers(Dictionary<string, JsonElement> row) => row
        .Where(c => c.Value.ValueKind == JsonValueKind.Number && c.Key != "time")
        .ToDictionary(c => c.Key, c => c.Value.GetDouble(), StringComparer.Ordinal);
}

internal sealed record WindowPoint(
    string Level, string Window, string Line, string Machine, string Shift, long FromNs, long ToNs, bool Complete, Dictionary<string, double> Fields)
{
    public double? Field(string name) => Fields.TryGetValue(name, out var v) ? v : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Level} {Line}/{Machine} {Window}{(Shift.Length > 0 ? " " + Shift : "")} [{DateTimeOffset.FromUnixTimeMilliseconds(FromNs / 1_000_000):HH:mm:ss}, {DateTimeOffset.FromUnixTimeMilliseconds(ToNs / 1_000_000):HH:mm:ss})");
}
