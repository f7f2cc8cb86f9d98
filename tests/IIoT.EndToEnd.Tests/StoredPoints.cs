using System.Text.Json;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests;

/// <summary>Compares what InfluxDB holds with the simulators' truth: lost, unexpected and wrong values.</summary>
internal static class StoredPoints
{
    public static async Task<Dictionary<PointKey, string>> ReadAsync(InfluxdServer influx, string database)
    {
        var stored = new Dictionary<PointKey, string>();
        var rows = await influx.ValuesAsync(database, "machine").ConfigureAwait(false);
        foreach (var row in rows)
        {
            var measurement = row["_measurement"].GetString()!;
            if (measurement == "iiot_loss" || !row.TryGetValue("machine", out var machine) || row["value"].ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            stored[new PointKey(measurement, machine.GetString()!, row["time"].GetInt64())] = Truth.Normalize(row["value"]);
        }
        return stored;
    }

    public static Task<long> CountAsync(InfluxdServer influx, string database) => influx.CountAsync(database);

    /// <summary>Lost = published and acknowledged but absent; unexpected = present but never published.</summary>
    public static Audit Check(Truth truth, Dictionary<PointKey, string> stored)
    {
        var lost = new List<PointKey>();
        var wrong = new List<string>();
        foreach (var (key, value) in truth.Points)
        {
            if (!stored.TryGetValue(key, out var actual))
            {
                lost.Add(key);
            }
            else if (actual != value)
            {
                wrong.Add($"{key}: expected {value}, stored {actual}");
            }
        }
        var unexpected = stored.Keys.Where(k => !truth.Points.ContainsKey(k)).ToList();
        return new Audit(truth.Points.Count, stored.Count, lost, unexpected, wrong);
    }
}

internal sealed record Audit(int Expected, int Stored, List<PointKey> Lost, List<PointKey> Unexpected, List<string> Wrong)
{
    public override string ToString() =>
        $"expected {Expected}, stored {Stored}, lost {Lost.Count}, unexpected {Unexpected.Count}, wrong {Wrong.Count}" +
        (Lost.Count > 0 ? $"; first lost {Lost[0]}" : "") +
        (Unexpected.Count > 0 ? $"; first unexpected {Unexpected[0]}" : "") +
        (Wrong.Count > 0 ? $"; first wrong {Wrong[0]}" : "");
}
