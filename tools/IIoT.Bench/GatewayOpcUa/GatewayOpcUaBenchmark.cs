using System.Diagnostics;
using System.Globalization;
using IIoT.Bench.OpcUa;
using IIoT.Testing;

namespace IIoT.Bench.GatewayOpcUa;

/// <summary>
/// `bench gateway-opcua`: the gateway's OPC UA source (Release build, its own process) subscribed to N variables of the
/// bench server (`bench opcua-server`, its own process) that all change every R ms, with the values going into the
/// durable buffer (the uplink points at a port nobody listens on, so everything stays buffered). Measured from the
/// gateway's /metrics and /proc: values/s made durable, CPU-seconds per million values, RSS at the start, peak and end
/// of the window. Then node-opcua does the same subscription against a fresh server in the same run, side by side.
/// </summary>
internal static class GatewayOpcUaBenchmark
{
    public const string Usage = "bench gateway-opcua [--items 100000] [--rate-ms 1000] [--publishing-ms 1000] [--queue-size 2] [--warmup-seconds 10] [--seconds 60] [--heap-limit-mb 0=as shipped] [--gateway-env DOTNET_X=v,...] [--no-node]\n" +
                                "            (the 30-minute soak: --seconds 1800)";

    private const string ValuesReceived = "iiot.gateway.opcua.values.received";
    private const string ItemsMonitored = "iiot.gateway.opcua.items.monitored";
    private const string ItemsFailed = "iiot.gateway.opcua.items.failed";
    private const string Appended = "iiot.gateway.buffer.appended.records";
    private const string BufferBytes = "iiot.gateway.buffer.size";
    private const string Dropped = "iiot.gateway.buffer.dropped.records";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var items = options.Int("--items", 100_000);
        var rateMs = options.Int("--rate-ms", 1000);
        var publishingMs = options.Int("--publishing-ms", 1000);
        var queueSize = options.Int("--queue-size", 2);
        var warmup = options.Double("--warmup-seconds", 10);
        var seconds = options.Double("--seconds", 60);
        if (items < 1 || rateMs < 1 || publishingMs < 1 || queueSize < 1 || seconds <= 0 || warmup < 0)
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
        }

        using var folder = new TempFolder("bench-gateway-opcua");
        var children = new BenchChildren(nodeModules, folder.Path);
        var offered = items * 1000.0 / rateMs;
        Console.WriteLine($"== Gateway OPC UA source: {items:N0} items changing every {rateMs} ms (offered {offered:N0} values/s), sampling {rateMs} ms, " +
                          $"publishing {publishingMs} ms, queue {queueSize}; window {seconds:0.#} s after {warmup:0.#} s warm-up (after all items are monitored)");
        Console.WriteLine("   gateway: Release build in its own process, values -> durable buffer (uplink unreachable, nothing leaves); CPU = user+system from /proc");

        // Runtime settings for the gateway process only (e.g. DOTNET_GCgen0size=0x800000), to try GC knobs without a rebuild.
        var gatewayEnvironment = new Dictionary<string, string>();
        foreach (var pair in (options.String("--gateway-env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            gatewayEnvironment[at > 0 ? pair[..at] : throw new ArgumentException($"--gateway-env: {pair} is not NAME=value")] = pair[(at + 1)..];
        }

        var heapLimitMb = options.Int("--heap-limit-mb", 0);
        if (heapLimitMb > 0)
        {
            gatewayEnvironment["DOTNET_GCHeapHardLimit"] = ((long)heapLimitMb << 20).ToString("x", CultureInfo.InvariantCulture);
        }

        if (gatewayEnvironment.Count > 0)
        {
            Console.WriteLine("   gateway environment: " + string.Join(" ", gatewayEnvironment.Select(e => $"{e.Key}={e.Value}")));
        }

        var gateway = await RunGatewayAsync(children, folder, items, rateMs, publishingMs, queueSize, warmup, seconds, gatewayEnvironment);
        BenchChildren.Run node = new(null, 0, "skipped (--no-node)");
        if (nodeModules is not null)
        {
            node = await RunNodeAsync(children, new ClientSettings(items, rateMs, publishingMs, queueSize, 10_000, warmup, seconds));
        }

        Print(gateway, node, offered);
        return gateway.Error is null && (nodeModules is null || node.Result is not null) ? 0 : 1;
    }

    private static async Task<GatewayRun> RunGatewayAsync(BenchChildren children, TempFolder folder, int items, int rateMs, int publishingMs, int queueSize,
        double warmup, double seconds, Dictionary<string, string> environment)
    {
        var (server, url, prefix) = await children.StartServerAsync(items, rateMs, Math.Min(50, rateMs));
        await using (server)
        {
            // "ns=<index>;s=Bench.V" -> the folder "ns=<index>;s=Bench" that holds every variable.
            var root = prefix[..prefix.LastIndexOf('.')];
            var port = FreePort.Next();
            var span = TimeSpan.FromMilliseconds(1);
            string Interval(int ms) => (span * ms).ToString("c", CultureInfo.InvariantCulture);
            var settings = new Dictionary<string, string>
            {
                ["urls"] = $"http://127.0.0.1:{port}",
                ["Gateway:Id"] = "gw-bench",
                ["Gateway:DataDirectory"] = folder.Combine("gateway"),
                // A 60 s window at 100k values/s is some hundreds of MB; 20 GB keeps a 30-minute soak from dropping.
                ["Buffer:MaxBytes"] = (20L << 30).ToString(CultureInfo.InvariantCulture),
                ["Uplink:Urls:0"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["Uplink:ApiKey"] = "bench-key-000000001",
                ["Uplink:MaxBackoff"] = "00:01:00",
                ["OpcUa:Endpoints:0:Name"] = "bench",
                ["OpcUa:Endpoints:0:Url"] = url,
                ["OpcUa:Endpoints:0:Site"] = "plant1",
                ["OpcUa:Endpoints:0:Area"] = "bench",
                ["OpcUa:Endpoints:0:Line"] = "line1",
                ["OpcUa:Endpoints:0:Groups:0:Name"] = "all",
                ["OpcUa:Endpoints:0:Groups:0:SamplingInterval"] = Interval(rateMs),
                ["OpcUa:Endpoints:0:Groups:0:PublishingInterval"] = Interval(publishingMs),
                ["OpcUa:Endpoints:0:Groups:0:QueueSize"] = queueSize.ToString(CultureInfo.InvariantCulture),
                ["OpcUa:Endpoints:0:Groups:0:Folders:0:Root"] = root,
                ["OpcUa:Endpoints:0:Groups:0:Folders:0:MaxDepth"] = "1",
                ["OpcUa:Endpoints:0:Groups:0:Folders:0:MachineLevel"] = "0",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            Console.WriteLine($"   gateway OpcUa section: one group, a Folders rule Root={root} (every variable below it), endpoint {url}");
            var dll = RepoPaths.AppDll("gateway", "IIoT.Gateway");
            // As shipped unless --heap-limit-mb (DOTNET_GCHeapHardLimit) or --gateway-env say otherwise.
            await using var gateway = ManagedProcess.Start("IIoT.Gateway", "dotnet", [dll, .. settings.Select(s => $"--{s.Key}={s.Value}")], environment);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var clock = Stopwatch.StartNew();
            try
            {
                await Wait.UntilAsync(async () =>
                {
                    if (gateway.HasExited || server.HasExited)
                    {
                        return true; // reported below: Wait.UntilAsync would retry a throwing condition until its timeout
                    }

                    try
                    {
                        var text = await http.GetStringAsync("/metrics");
                        return PrometheusText.Sum(text, ItemsMonitored) + PrometheusText.Sum(text, ItemsFailed) >= items
                               && PrometheusText.Sum(text, ValuesReceived) > 0;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                }, TimeSpan.FromSeconds(120 + items / 1000.0), "the gateway to monitor every item and receive values", TimeSpan.FromMilliseconds(200));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                return new GatewayRun(Error: e.Message + " | gateway: " + BenchChildren.Tail(gateway.Output));
            }

            if (gateway.HasExited || server.HasExited)
            {
                return new GatewayRun(Error: $"exited: gateway {gateway.HasExited}, server {server.HasExited}: {BenchChildren.Tail(gateway.Output)}");
            }

            var setup = clock.Elapsed.TotalSeconds;
            var startText = await http.GetStringAsync("/metrics");
            var monitored = PrometheusText.Sum(startText, ItemsMonitored);
            var failed = PrometheusText.Sum(startText, ItemsFailed);
            Console.WriteLine($"   gateway: {monitored:N0} items monitored, {failed:N0} failed, {setup:0.0} s from start to first values; RSS {ProcSelf.MemoryMb(gateway.Id).Rss:0} MB");
            await Task.Delay(TimeSpan.FromSeconds(warmup));

            var before = Sample(await http.GetStringAsync("/metrics"), gateway.Id);
            var rssStart = ProcSelf.MemoryMb(gateway.Id).Rss;
            var rssPeak = rssStart;
            var window = Stopwatch.StartNew();
            var perMinute = new List<double>();
            var nextReport = TimeSpan.FromSeconds(Math.Min(60, seconds / 4));
            var lastReport = before;
            while (window.Elapsed.TotalSeconds < seconds)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.01, Math.Min(1, seconds - window.Elapsed.TotalSeconds))));
                rssPeak = Math.Max(rssPeak, ProcSelf.MemoryMb(gateway.Id).Rss);
                if (gateway.HasExited)
                {
                    return new GatewayRun(Error: $"the gateway exited ({gateway.ExitCode}): {BenchChildren.Tail(gateway.Output)}");
                }

                if (window.Elapsed >= nextReport)
                {
                    var now = Sample(await http.GetStringAsync("/metrics"), gateway.Id);
                    Console.WriteLine($"   t={window.Elapsed.TotalSeconds,5:0} s  {(now.Values - lastReport.Values) / (now.At - lastReport.At),9:N0} values/s  " +
                                      $"RSS {ProcSelf.MemoryMb(gateway.Id).Rss,5:0} MB  buffer {now.BufferBytes / 1048576.0,7:0} MB  dropped {now.Dropped:N0}");
                    lastReport = now;
                    nextReport += TimeSpan.FromSeconds(Math.Min(60, seconds / 4));
                }
            }

            var after = Sample(await http.GetStringAsync("/metrics"), gateway.Id);
            var memory = ProcSelf.MemoryMb(gateway.Id);
            var warnings = gateway.Output.Split('\n').Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)).ToList();
            var serverWarnings = server.Output.Split('\n').Where(l => l.StartsWith("WARN", StringComparison.Ordinal)).ToList();
            if (serverWarnings.Count > 0)
            {
                Console.WriteLine("   server: " + serverWarnings[^1]);
            }

            return new GatewayRun(
                Monitored: monitored, Failed: failed,
                Values: after.Values - before.Values, Records: after.Records - before.Records, Seconds: after.At - before.At,
                Cpu: after.Cpu - before.Cpu, RssStart: rssStart, RssPeak: Math.Max(rssPeak, memory.Rss), RssEnd: memory.Rss, HighWater: memory.Peak,
                BufferMb: after.BufferBytes / 1048576.0, Dropped: after.Dropped,
                Warnings: warnings.Count == 0 ? null : $"{warnings.Count} gateway warnings, first: {warnings[0]}");
        }
    }

    private static async Task<BenchChildren.Run> RunNodeAsync(BenchChildren children, ClientSettings settings)
    {
        var (server, url, prefix) = await children.StartServerAsync(settings.Count, settings.SamplingMs, Math.Min(50, settings.SamplingMs));
        await using (server)
        {
            var timeout = TimeSpan.FromSeconds(60 + settings.Count / 1000.0 + settings.WarmupSeconds + settings.Seconds);
            var run = await BenchChildren.WatchAsync(children.StartNodeClient(url, prefix, settings), server, timeout);
            if (run.Error is not null)
            {
                Console.WriteLine($"   ERROR node-opcua: {run.Error}");
            }

            return run;
        }
    }

    private static (double Values, double Records, double BufferBytes, double Dropped, double Cpu, double At) Sample(string metrics, int pid) =>
        (PrometheusText.Sum(metrics, ValuesReceived), PrometheusText.Sum(metrics, Appended), PrometheusText.Sum(metrics, BufferBytes),
            PrometheusText.Sum(metrics, Dropped), ProcSelf.CpuSeconds(pid), Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency);

    private static void Print(GatewayRun gateway, BenchChildren.Run node, double offered)
    {
        Console.WriteLine();
        if (gateway.Error is not null)
        {
            Console.WriteLine($"   ERROR gateway: {gateway.Error}");
        }

        var n = node.Result;
        string Cell(double? value, string format) => value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        var gatewayRate = gateway.Seconds > 0 ? gateway.Values / gateway.Seconds : 0;
        var gatewayCpu = gateway.Values > 0 ? gateway.Cpu * 1e6 / gateway.Values : double.NaN;
        Console.WriteLine($"{"",-34}{"gateway",16}{"node-opcua",16}   target");
        Console.WriteLine($"{"values/s (durable / received)",-34}{Cell(gatewayRate, "N0"),16}{Cell(n?.PerSecond, "N0"),16}   >= 100,000 (offered {offered:N0})");
        Console.WriteLine($"{"CPU-s per million values",-34}{Cell(gatewayCpu, "0.00"),16}{Cell(n?.CpuPerMillion, "0.00"),16}   gateway <= node-opcua / 5");
        Console.WriteLine($"{"CPU-s in the window",-34}{Cell(gateway.Cpu, "0.00"),16}{Cell(n?.CpuSeconds, "0.00"),16}");
        Console.WriteLine($"{"RSS MB start of window",-34}{Cell(gateway.RssStart, "0"),16}{"-",16}   < 200 and flat");
        Console.WriteLine($"{"RSS MB peak in window (1 s samples)",-34}{Cell(gateway.RssPeak, "0"),16}{"-",16}");
        Console.WriteLine($"{"RSS MB end of window",-34}{Cell(gateway.RssEnd, "0"),16}{Cell(n?.RssMb, "0"),16}");
        Console.WriteLine($"{"RSS MB high-water (incl. creation)",-34}{Cell(gateway.HighWater, "0"),16}{Cell(n?.PeakRssMb, "0"),16}");
        Console.WriteLine($"{"items monitored / failed",-34}{$"{gateway.Monitored:N0}/{gateway.Failed:N0}",16}{(n is null ? "-" : $"{n.Active:N0}/{n.Failed:N0}"),16}");
        Console.WriteLine($"{"buffer records appended / MB",-34}{$"{gateway.Records:N0}/{gateway.BufferMb:0}",16}{"",16}   dropped {gateway.Dropped:N0}");
        if (n is not null && gatewayCpu > 0)
        {
            Console.WriteLine($"ratio CPU per value gateway/node-opcua = {gatewayCpu / n.CpuPerMillion:0.00} (target <= 0.20); node-opcua CPU-s/M is of a client that only counts values");
        }

        if (node.Error is not null)
        {
            Console.WriteLine($"node-opcua: {node.Error}");
        }

        if (gateway.Warnings is not null)
        {
            Console.WriteLine(gateway.Warnings);
        }
    }
}
