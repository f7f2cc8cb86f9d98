using System.Text.Json;

namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>
/// The simulators' truth file as per-machine time series. A message re-sent after a reconnect may appear twice;
/// the same (machine, ts) counts once, as it does in InfluxDB.
/// </summary>
internal static class TruthSamples
{
    /// <returns>machine -> samples sorted by time.</returns>
    public static Dictionary<string, List<TruthSample>> Read(string truthFile)
    {
        var byMachine = new Dictionary<string, SortedDictionary<long, TruthSample>>();
        foreach (var line in File.ReadLines(truthFile))
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var machine = document.RootElement.GetProperty("topic").GetString()!.Split('/')[4];
            var p = document.RootElement.GetProperty("payload");
            var sample = new TruthSample(
                p.GetProperty("ts").GetInt64() * 1_000_000,
                p.GetProperty("state").GetString()!,
                p.GetProperty("parts_total").GetDouble(),
                p.GetProperty("parts_good").GetDouble(),
                p.GetProperty("parts_reject").GetDouble(),
                p.GetProperty("ideal_cycle_time_s").GetDouble(),
                p.GetProperty("power_kw").GetDouble());
            if (!byMachine.TryGetValue(machine, out var series))
            {
                byMachine[machine] = series = [];
            }
            series[sample.TimeNs] = sample;
        }
        return byMachine.ToDictionary(m => m.Key, m => m.Value.Values.ToList(), StringComparer.Ordinal);
    }
}
