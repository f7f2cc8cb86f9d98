using System.Diagnostics;
using System.Text;
using IIoT.Testing;

namespace IIoT.Bench.Pipeline;

/// <summary>InfluxDB's own ingest rate on this machine: pre-built line protocol posted in 5,000-line batches.</summary>
internal static class InfluxCeiling
{
    public const int BatchLines = 5_000;

    public static async Task<(double PointsPerSecond, double CpuSecondsPerMillion)> MeasureAsync(InfluxdServer influx, string database, int points, int writers)
    {
        await influx.CreateDatabaseAsync(database);
        var batches = Build(points);
        var cpuBefore = ProcessStats.CpuSeconds(influx.Process.Id);
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Count)
            {
                using var content = new ByteArrayContent(batches[index]);
                using var response = await influx.Http.PostAsync($"/write?db={database}&precision=ns", content);
                response.EnsureSuccessStatusCode();
            }
        }));
        clock.Stop();
        var cpu = ProcessStats.CpuSeconds(influx.Process.Id) - cpuBefore;
        return (points / clock.Elapsed.TotalSeconds, cpu / (points / 1e6));
    }

    /// <summary>Lines shaped like the ones our cloud writes: measurement per signal, asset tags, typed value and metadata.</summary>
    private static List<byte[]> Build(int points)
    {
        string[] signals = ["seq", "state", "parts_total", "parts_good", "parts_reject", "ideal_cycle_time_s", "actual_cycle_time_s", "temperature_c", "probe_ms", "power_kw"];
        var batches = new List<byte[]>();
        var text = new StringBuilder();
        var baseNs = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds() * 1_000_000;
        for (var i = 0; i < points; i++)
        {
            var message = i / signals.Length;
            var machine = message % 50;
            text.Append(signals[i % signals.Length]).Append(",area=area1,gateway=gw-bench,line=line1,machine=m").Append(machine.ToString("000"))
                .Append(",site=bench,source=mqtt:line1 value=").Append(60 + i % 100 * 0.05).Append(",quality=\"good\",status=0i,rx=")
                .Append(baseNs).Append("i ").Append(baseNs + message * 1_000_000L).Append('\n');
            if ((i + 1) % BatchLines == 0 || i == points - 1)
            {
                batches.Add(Encoding.UTF8.GetBytes(text.ToString()));
                text.Clear();
            }
        }
        return batches;
    }
}
