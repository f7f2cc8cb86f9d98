using IIoT.Testing;

namespace IIoT.Bench.OpcUa;

/// <summary>
/// `bench opcua`: whole-stack OPC UA figures. Our server runs in its own process with N Double variables changing every
/// R ms; the node-opcua client and then our client, each in its own process, subscribe to all N (a fresh server per
/// client run, so nothing left behind by one client loads the server while the other is measured). Printed side by
/// side: values/s, CPU-seconds per million values, RSS, creation time, ratios ours/node-opcua, and the offered load.
/// Then the creation time of 10k / 50k / 100k monitored items with our client.
/// </summary>
internal static class OpcUaBenchmark
{
    public const string Usage = "bench opcua [--sizes 10000,100000] [--offered 100000 | --rate-ms R] [--publishing-ms 500] [--queue-size 0=auto] [--per-call 10000]\n" +
                                "            [--warmup-seconds 3] [--seconds 10] [--create-sizes 10000,50000,100000] [--create-repeat 3] [--speedup 5] [--extra-rate-ms R]\n" +
                                "            [--no-saturation] [--no-node]";

    private const double KeptUp = 0.95;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var sizes = options.Ints("--sizes", [10_000, 100_000]);
        // The same offered load at every size by default (so CPU per value is compared at the same rate): the change
        // period is N x 1000 / offered ms (10k items: 100 ms, 100k items: 1000 ms); --rate-ms fixes it instead.
        var offered = options.Int("--offered", 100_000);
        var fixedRateMs = options.Int("--rate-ms", 0);
        var publishingMs = options.Int("--publishing-ms", 500);
        var queueSize = options.Int("--queue-size", 0);
        var perCall = options.Int("--per-call", 10_000);
        var warmup = options.Double("--warmup-seconds", 3);
        var seconds = options.Double("--seconds", 10);
        var createSizes = options.Ints("--create-sizes", [10_000, 50_000, 100_000]);
        var speedup = options.Int("--speedup", 5);
        var extraRateMs = options.Int("--extra-rate-ms", 0);
        var createRepeat = Math.Max(1, options.Int("--create-repeat", 3));
        if (sizes.Any(s => s < 1) || offered < 1 || fixedRateMs < 0 || publishingMs < 1 || seconds <= 0 || speedup < 1)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        string? nodeModules = null;
        if (!options.Flag("--no-node"))
        {
            nodeModules = Path.Combine(NodeOpcuaServer.Folder, "node_modules");
            if (!File.Exists(Path.Combine(nodeModules, "node-opcua", "package.json")))
            {
                Console.Error.WriteLine($"node-opcua is not installed in {nodeModules}. Run scripts/install-deps.sh test (or {NodeOpcuaServer.InstallCommand}), or pass --no-node.");
                return 2;
            }

            Executables.Require("node", "nodejs");
        }

        using var pki = new TempFolder("bench-opcua");
        var children = new BenchChildren(nodeModules, pki.Path);
        var failures = 0;
        Console.WriteLine($"== OPC UA subscriptions, our server (own process) -> node-opcua {(nodeModules is null ? "(skipped)" : "2.186.4")} and our client (own processes);");
        Console.WriteLine($"   a fresh server per client run; window {seconds:0.#} s after {warmup:0.#} s warm-up; CPU = user+system of the whole process from /proc");
        Console.WriteLine($"   our client runs with the gateway's runtime settings: {string.Join(' ', BenchChildren.GatewayRuntime.Select(e => $"{e.Key}={e.Value}"))}");
        int RateFor(int size) => fixedRateMs > 0 ? fixedRateMs : Math.Max(1, (int)Math.Round(size * 1000.0 / offered));
        var pairs = new List<(int Size, int RateMs, Pair Pair)>();
        foreach (var size in sizes)
        {
            var pair = await RunPairAsync(children, size, RateFor(size), publishingMs, queueSize, perCall, warmup, seconds, nodeModules is not null);
            failures += pair.Failures;
            pairs.Add((size, RateFor(size), pair));
        }

        // A throughput ratio means something only when both clients are pushed to their limit. While a client keeps up, its
        // rate is the offered load, so offer more at the largest size: --speedup times, then twice that again if one
        // client still keeps up while the other does not (at most two extra pairs, to keep the run short).
        var largest = pairs[^1];
        if (extraRateMs > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"-- --extra-rate-ms {extraRateMs}");
            failures += (await RunPairAsync(children, largest.Size, extraRateMs, publishingMs, queueSize, perCall, warmup, seconds, nodeModules is not null)).Failures;
        }
        else if (!options.Flag("--no-saturation") && (largest.Pair.NodeKeptUp || largest.Pair.OursKeptUp))
        {
            var rate = largest.RateMs;
            foreach (var factor in new[] { speedup, 2 })
            {
                if (rate / factor < 1)
                {
                    break;
                }

                rate /= factor;
                Console.WriteLine();
                Console.WriteLine($"-- a client kept up, so its values/s were just the offered load: {factor}x more offered " +
                                  "(the values/s ratio means something once a client falls behind; CPU per value stays the robust figure)");
                var pair = await RunPairAsync(children, largest.Size, rate, publishingMs, queueSize, perCall, warmup, seconds, nodeModules is not null);
                failures += pair.Failures;
                if (!pair.OnlyOneKeptUp)
                {
                    break;
                }
            }
        }

        failures += await RunCreationAsync(children, createSizes, createRepeat, fixedRateMs > 0 ? fixedRateMs : 1000, publishingMs, queueSize, perCall);
        return failures == 0 ? 0 : 1;
    }

    private static async Task<Pair> RunPairAsync(BenchChildren children, int size, int rateMs, int publishingMs, int queueSize, int perCall,
        double warmup, double seconds, bool withNode)
    {
        var offered = size * 1000.0 / rateMs;
        var queue = queueSize > 0 ? queueSize : AutoQueueSize(publishingMs, rateMs);
        var settings = new ClientSettings(size, rateMs, publishingMs, queue, perCall, warmup, seconds);
        Console.WriteLine();
        Console.WriteLine($"== {size:N0} items, Double changing every {rateMs} ms: offered {offered:N0} values/s; sampling {rateMs} ms, publishing {publishingMs} ms, queue {queue}" +
                          $" (load average before: {LoadAverage()})");
        var node = withNode ? await RunOneAsync(children, settings, node: true) : new BenchChildren.Run(null, 0, "skipped (--no-node)");
        var ours = await RunOneAsync(children, settings, node: false);
        var pair = new Pair(node, ours, offered, withNode);
        ResultTable.PrintPair(pair);
        return pair;
    }

    private static async Task<BenchChildren.Run> RunOneAsync(BenchChildren children, ClientSettings settings, bool node)
    {
        ManagedProcess server;
        string url, prefix;
        try
        {
            (server, url, prefix) = await children.StartServerAsync(settings.Count, settings.SamplingMs, Math.Min(50, settings.SamplingMs));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            Console.WriteLine($"   ERROR server: {e.Message}");
            return new BenchChildren.Run(null, 0, "the server did not start: " + e.Message);
        }

        await using (server)
        {
            // Creation of 100k items by node-opcua takes a while; allow 1 ms per item on top of the window.
            var timeout = TimeSpan.FromSeconds(60 + settings.Count / 1000.0 + settings.WarmupSeconds + settings.Seconds);
            var client = node ? children.StartNodeClient(url, prefix, settings) : children.StartOurClient(url, prefix, settings);
            var run = await BenchChildren.WatchAsync(client, server, timeout);
            var warnings = server.Output.Split('\n').Where(l => l.StartsWith("WARN", StringComparison.Ordinal)).ToList();
            if (warnings.Count > 0)
            {
                Console.WriteLine("   server: " + warnings[^1]);
            }

            if (server.HasExited)
            {
                run = run with { Error = (run.Error is null ? "" : run.Error + "; ") + $"the server exited ({server.ExitCode}): {BenchChildren.Tail(server.Output)}" };
            }

            if (run.Error is not null)
            {
                Console.WriteLine($"   ERROR {(node ? "node-opcua" : "ours")}: {run.Error}");
            }

            return run;
        }
    }

    private static async Task<int> RunCreationAsync(BenchChildren children, int[] sizes, int repeat, int rateMs, int publishingMs, int queueSize, int perCall)
    {
        if (sizes.Length == 0)
        {
            return 0;
        }

        Console.WriteLine();
        Console.WriteLine($"== Creating monitored items with our client: calls of the server's limit ({perCall:N0}), fresh server per run, values changing every " +
                          $"{rateMs} ms; {repeat} runs per size, the median shown");
        var queue = queueSize > 0 ? queueSize : AutoQueueSize(publishingMs, rateMs);
        var runs = new List<(int Size, BenchChildren.Run[] Runs)>();
        foreach (var size in sizes)
        {
            var attempts = new List<BenchChildren.Run>();
            for (var i = 0; i < repeat; i++)
            {
                attempts.Add(await RunOneAsync(children, new ClientSettings(size, rateMs, publishingMs, queue, perCall, 0, 0), node: false));
            }

            runs.Add((size, attempts.ToArray()));
        }

        ResultTable.PrintCreation(runs);
        return runs.Sum(r => r.Runs.Count(run => run.Result is null || run.Result.Active + run.Result.Failed != r.Size));
    }

    /// <summary>The 1-minute load average: on a shared 2-core machine, a busy neighbour shows here before it shows in the figures.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>
    /// Room for twice the changes between two publishes (1..10): with exactly one interval's worth, a value that leaves
    /// in the second or third message of a cycle (one more Publish round trip) is already overwritten by the next sample,
    /// which would measure the queue size rather than the client.
    /// </summary>
    private static int AutoQueueSize(int publishingMs, int rateMs) => Math.Clamp(2 * ((publishingMs + rateMs - 1) / rateMs), 1, 10);

    /// <summary>The node-opcua run and ours at one size and rate.</summary>
    internal sealed record Pair(BenchChildren.Run Node, BenchChildren.Run Ours, double Offered, bool WithNode)
    {
        public int Failures => (WithNode && Node.Result is null ? 1 : 0) + (Ours.Result is null ? 1 : 0);

        public bool NodeKeptUp => Node.Result is { } r && r.PerSecond >= KeptUp * Offered;

        public bool OursKeptUp => Ours.Result is { } r && r.PerSecond >= KeptUp * Offered;

        public bool OnlyOneKeptUp => Node.Result is not null && Ours.Result is not null && NodeKeptUp != OursKeptUp;
    }
}
