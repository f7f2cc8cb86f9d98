using System.Globalization;

namespace IIoT.Bench.OpcUa;

/// <summary>Prints the figures of `bench opcua`: node-opcua and ours side by side, with the ratio ours/node-opcua.</summary>
internal static class ResultTable
{
    public static void PrintPair(OpcUaBenchmark.Pair pair)
    {
        var node = pair.Node.Result;
        var ours = pair.Ours.Result;
        Row("", "node-opcua", "ours", "ours/node");
        Row("create items (s)", node is null ? "-" : F(node.CreateSeconds, "0.00"), ours is null ? "-" : F(ours.CreateSeconds, "0.00"),
            Ratio(ours?.CreateSeconds, node?.CreateSeconds));
        Row("items active / failed", node is null ? "-" : $"{node.Active:N0} / {node.Failed:N0}", ours is null ? "-" : $"{ours.Active:N0} / {ours.Failed:N0}", "");
        Row("values/s received", node is null ? "-" : F(node.PerSecond, "N0"), ours is null ? "-" : F(ours.PerSecond, "N0"), Ratio(ours?.PerSecond, node?.PerSecond),
            $"offered {pair.Offered:N0}/s: node {Share(node, pair.Offered)}, ours {Share(ours, pair.Offered)}");
        Row("values/s the server set", Actual(pair.Node), Actual(pair.Ours), "", "in the client's window (below the offered load = the server's updater fell behind)");
        Row("client CPU-s per million", node is null ? "-" : F(node.CpuPerMillion, "0.00"), ours is null ? "-" : F(ours.CpuPerMillion, "0.00"),
            Ratio(ours?.CpuPerMillion, node?.CpuPerMillion), "target <= 0.20x");
        Row("client CPU (cores busy)", node is null ? "-" : F(node.CpuSeconds / node.Seconds, "0.00"), ours is null ? "-" : F(ours.CpuSeconds / ours.Seconds, "0.00"), "");
        Row("client RSS MB end / peak", node is null ? "-" : $"{node.RssMb:0} / {node.PeakRssMb:0}", ours is null ? "-" : $"{ours.RssMb:0} / {ours.PeakRssMb:0}",
            Ratio(ours?.PeakRssMb, node?.PeakRssMb), "ratio of peaks");
        Row("server CPU-s per million", ServerPerMillion(pair.Node), ServerPerMillion(pair.Ours), "", "our server, while serving that client");
        if (ours is { Gaps: > 0 })
        {
            Console.WriteLine($"   ours reported {ours.Gaps} gap markers or reconnects in the window");
        }

        if (node is not null && ours is not null)
        {
            var throughput = ours.PerSecond / node.PerSecond;
            var verdict = pair.NodeKeptUp && pair.OursKeptUp
                ? "both kept up with the offered load: the throughput ratio is capped at ~1x here, the CPU ratio is the figure"
                : pair.OursKeptUp ? "node-opcua fell behind, ours kept up (ours is capped by the offered load)"
                : pair.NodeKeptUp ? "ours fell behind, node-opcua kept up"
                : "neither kept up (client, server or machine limit; see the CPU lines)";
            Console.WriteLine($"   throughput {throughput:0.00}x node-opcua, CPU per value {ours.CpuPerMillion / node.CpuPerMillion:0.00}x: {verdict}");
        }
    }

    public static void PrintCreation(IReadOnlyList<(int Size, BenchChildren.Run[] Runs)> sizes)
    {
        Console.WriteLine($"   {"items",10} {"median s",9} {"min-max s",12} {"items/s",10} {"us/item",8} {"active",9} {"failed",7}  first failure");
        var medians = new List<(int Size, double Seconds)>();
        foreach (var (size, runs) in sizes)
        {
            foreach (var run in runs.Where(r => r.Result is null))
            {
                Console.WriteLine($"   {size,10:N0}  ERROR {run.Error}");
            }

            var done = runs.Select(r => r.Result).OfType<ClientResult>().OrderBy(r => r.CreateSeconds).ToList();
            if (done.Count == 0)
            {
                continue;
            }

            var median = done[done.Count / 2];
            var silent = done.Sum(r => size - r.Active - r.Failed);
            Console.WriteLine($"   {size,10:N0} {median.CreateSeconds,9:0.00} {$"{done[0].CreateSeconds:0.00}-{done[^1].CreateSeconds:0.00}",12} {size / median.CreateSeconds,10:N0} " +
                              $"{median.CreateSeconds * 1e6 / size,8:0.0} {median.Active,9:N0} {median.Failed,7:N0}  {done.FirstOrDefault(r => r.FirstFailure is not null)?.FirstFailure ?? "-"}" +
                              (silent != 0 ? $"  ({silent:N0} items neither active nor failed!)" : ""));
            medians.Add((size, median.CreateSeconds));
        }

        if (medians.Count >= 2)
        {
            var (firstSize, firstSeconds) = medians[0];
            var (lastSize, lastSeconds) = medians[^1];
            Console.WriteLine($"   time per item at {lastSize:N0} / at {firstSize:N0}: {lastSeconds / lastSize / (firstSeconds / firstSize):0.00}x (1.00 = linear); " +
                              $"{lastSize:N0} items in {lastSeconds:0.0} s (target < 20 s for 100,000)");
        }
    }

    private static string ServerPerMillion(BenchChildren.Run run) =>
        run.Result is { Notifications: > 0 } r && run.ServerCpuSeconds > 0 ? F(run.ServerCpuSeconds * 1e6 / r.Notifications, "0.00") : "-";

    private static string Actual(BenchChildren.Run run) => run.ActualOffered > 0 ? F(run.ActualOffered, "N0") : "-";

    private static string Share(ClientResult? result, double offered) => result is null ? "-" : $"{result.PerSecond / offered:P0}";

    private static string Ratio(double? ours, double? node) =>
        ours is { } o && node is { } n && n > 0 && !double.IsNaN(o) && !double.IsNaN(n) ? F(o / n, "0.00") + "x" : "-";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Row(string label, string node, string ours, string ratio, string note = "") =>
        Console.WriteLine($"   {label,-26} {node,14} {ours,14} {ratio,10}  {note}".TrimEnd());
}
