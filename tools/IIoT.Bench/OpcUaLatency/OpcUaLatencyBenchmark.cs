using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using IIoT.Bench.GatewayOpcUa;
using IIoT.Bench.OpcUa;
using IIoT.Bench.Pipeline;
using IIoT.Testing;

namespace IIoT.Bench.OpcUaLatency;

/// <summary>
/// `bench opcua-latency`: simulator (OPC UA front end, scale mode: machines x extra tags, every variable changing each
/// tick) -> gateway (OPC UA source, one Folders rule) -> cloud -> influxd, every part a Release process on this machine.
/// Latency = the moment a point is queryable in InfluxDB minus its source timestamp (the simulator's tick time), sampled
/// on a few probe series by querying their newest point over and over. The floor in the same run: one point a second
/// written straight to influxd, measured the same way. Plus the gateway's CPU and RSS in the window.
/// </summary>
internal static class OpcUaLatencyBenchmark
{
    public const string Usage = "bench opcua-latency [--machines 500] [--tags 90] [--tick-ms 1000] [--sampling-ms 100] [--publishing-ms 250] " +
                                "[--warmup-seconds 15] [--seconds 60] [--probe-machines 3] [--poll-ms 20] [--heap-limit-mb 0=as shipped] [--uplink-batch-points 0=as shipped] [--no-direct]";

    private const string Tenant = "bench";
    private const string ApiKey = "bench-key-000000001";
    private const string Namespace = "urn:iiot:sim:line1";
    private const int FixedSignals = 11; // state .. power per machine (simulators/IIoT.Simulators/OpcUa/README.md)

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var machines = options.Int("--machines", 500);
        var tags = options.Int("--tags", 90);
        var tickMs = options.Int("--tick-ms", 1000);
        var samplingMs = options.Int("--sampling-ms", 100);
        var publishingMs = options.Int("--publishing-ms", 250);
        var warmup = options.Double("--warmup-seconds", 15);
        var seconds = options.Double("--seconds", 60);
        var probeMachines = options.Int("--probe-machines", 3);
        var pollMs = options.Int("--poll-ms", 20);
        var heapLimitMb = options.Int("--heap-limit-mb", 0);
        var uplinkBatchPoints = options.Int("--uplink-batch-points", 0);
        if (machines < 1 || tags < 0 || tickMs < 1 || samplingMs < 0 || publishingMs < 1 || seconds <= 0 || warmup < 0 || probeMachines < 1 || pollMs < 0)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        var variables = machines * (FixedSignals + tags);
        Console.WriteLine($"== OPC UA latency, source timestamp -> queryable in InfluxDB: simulator {machines:N0} machines x ({FixedSignals} signals + {tags} tags) = " +
                          $"{variables:N0} variables, tick {tickMs} ms (offered up to {variables * 1000.0 / tickMs:N0} values/s); gateway sampling {samplingMs} ms, " +
                          $"publishing {publishingMs} ms; window {seconds:0.#} s after {warmup:0.#} s warm-up");

        using var folder = new TempFolder("bench-opcua-latency");
        await using var influx = await InfluxdServer.StartAsync();
        var cloudPort = FreePort.Next();
        await using var cloud = Start("IIoT.Cloud", "cloud", new()
        {
            ["urls"] = $"http://127.0.0.1:{cloudPort}",
            ["Cloud:Storage:Kind"] = "InfluxV1",
            ["Cloud:Storage:Url"] = influx.Url,
            ["Cloud:Storage:CreateDatabases"] = "true",
            ["Cloud:Tenants:0:Id"] = Tenant,
            ["Cloud:Tenants:0:Database"] = Tenant,
            ["Cloud:Gateways:0:Id"] = "gw-bench",
            ["Cloud:Gateways:0:Tenant"] = Tenant,
            ["Cloud:Gateways:0:ApiKey"] = ApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        using var cloudHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cloudPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitHttpAsync(cloudHttp, cloud);

        var opcPort = FreePort.Next();
        var tick = TimeSpan.FromMilliseconds(tickMs).ToString("c", CultureInfo.InvariantCulture);
        await using var simulator = Start("IIoT.Simulators", "simulators", new()
        {
            ["Simulator:OpcUa:Enabled"] = "true",
            ["Simulator:OpcUa:Port"] = Text(opcPort),
            ["Simulator:OpcUa:HostName"] = "127.0.0.1",
            ["Simulator:OpcUa:ExtraTagsPerMachine"] = Text(tags),
            ["Simulator:Machines"] = Text(machines),
            ["Simulator:Seed"] = "7",
            ["Simulator:PublishInterval"] = tick,
            ["Simulator:Site"] = "plant1",
            ["Simulator:Area"] = "assembly",
            ["Simulator:Line"] = "line1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await Wait.UntilAsync(async () =>
        {
            if (simulator.HasExited)
            {
                return true; // reported below: Wait.UntilAsync would retry a throwing condition until its timeout
            }

            using var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync("127.0.0.1", opcPort);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(120), "the simulator's OPC UA port", TimeSpan.FromMilliseconds(200));
        if (simulator.HasExited)
        {
            Console.WriteLine("ERROR: the simulator exited: " + BenchChildren.Tail(simulator.Output));
            return 1;
        }

        var gatewayPort = FreePort.Next();
        string Interval(int ms) => TimeSpan.FromMilliseconds(ms).ToString("c", CultureInfo.InvariantCulture);
        var gatewaySettings = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{gatewayPort}",
            ["Gateway:Id"] = "gw-bench",
            ["Gateway:DataDirectory"] = folder.Combine("gateway"),
            ["Uplink:Urls:0"] = $"http://127.0.0.1:{cloudPort}",
            ["Uplink:ApiKey"] = ApiKey,
            ["OpcUa:Endpoints:0:Name"] = "line1",
            ["OpcUa:Endpoints:0:Url"] = $"opc.tcp://127.0.0.1:{opcPort}",
            ["OpcUa:Endpoints:0:Site"] = "plant1",
            ["OpcUa:Endpoints:0:Area"] = "assembly",
            ["OpcUa:Endpoints:0:Line"] = "line1",
            ["OpcUa:Endpoints:0:Groups:0:Name"] = "line",
            ["OpcUa:Endpoints:0:Groups:0:SamplingInterval"] = Interval(samplingMs),
            ["OpcUa:Endpoints:0:Groups:0:PublishingInterval"] = Interval(publishingMs),
            ["OpcUa:Endpoints:0:Groups:0:QueueSize"] = "2",
            // Every variable below the line: machine objects, their signals and their tags folder; the machine is level 1.
            ["OpcUa:Endpoints:0:Groups:0:Folders:0:Root"] = $"nsu={Namespace};s=plant1.assembly.line1",
            ["OpcUa:Endpoints:0:Groups:0:Folders:0:MaxDepth"] = "3",
            ["OpcUa:Endpoints:0:Groups:0:Folders:0:MachineLevel"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (uplinkBatchPoints > 0)
        {
            gatewaySettings["Uplink:MaxBatchPoints"] = Text(uplinkBatchPoints);
        }

        var environment = heapLimitMb > 0 ? new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = ((long)heapLimitMb << 20).ToString("x", CultureInfo.InvariantCulture) } : null;
        await using var gateway = Start("IIoT.Gateway", "gateway", gatewaySettings, environment);
        using var gatewayHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        await WaitHttpAsync(gatewayHttp, gateway);
        try
        {
            await Wait.UntilAsync(async () =>
            {
                if (gateway.HasExited || simulator.HasExited || cloud.HasExited)
                {
                    return true; // reported below
                }

                var text = await gatewayHttp.GetStringAsync("/metrics");
                return PrometheusText.Sum(text, "iiot.gateway.opcua.items.monitored") + PrometheusText.Sum(text, "iiot.gateway.opcua.items.failed") >= variables
                       && PrometheusText.Sum(await cloudHttp.GetStringAsync("/metrics"), "iiot.cloud.points.written") > 0;
            }, TimeSpan.FromSeconds(120 + variables / 500.0), "every variable monitored and points in InfluxDB", TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException e)
        {
            Console.WriteLine($"ERROR: {e.Message}\ngateway: {BenchChildren.Tail(gateway.Output)}\nsimulator: {BenchChildren.Tail(simulator.Output)}\ncloud: {BenchChildren.Tail(cloud.Output)}");
            return 1;
        }

        if (gateway.HasExited || simulator.HasExited || cloud.HasExited)
        {
            Console.WriteLine($"ERROR: exited: gateway {gateway.HasExited}, simulator {simulator.HasExited}, cloud {cloud.HasExited}\n" +
                              $"gateway: {BenchChildren.Tail(gateway.Output)}\nsimulator: {BenchChildren.Tail(simulator.Output)}\ncloud: {BenchChildren.Tail(cloud.Output)}");
            return 1;
        }

        var startMetrics = await gatewayHttp.GetStringAsync("/metrics");
        Console.WriteLine($"   gateway: {PrometheusText.Sum(startMetrics, "iiot.gateway.opcua.items.monitored"):N0} items monitored, " +
                          $"{PrometheusText.Sum(startMetrics, "iiot.gateway.opcua.items.failed"):N0} failed, {clock.Elapsed.TotalSeconds:0.0} s from start to first points in InfluxDB");

        var probeQuery = await ProbeQueryAsync(influx, probeMachines, tags);
        Console.WriteLine($"   probe: {probeQuery}");
        var pipelineProbe = new InfluxProbe(influx, Tenant, probeQuery);
        var floorProbe = new InfluxProbe(influx, FloorWriter.Database, FloorWriter.Query);
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var pause = TimeSpan.FromMilliseconds(pollMs);
        var floorWriter = FloorWriter.RunAsync(influx, TimeSpan.FromMilliseconds(250), stop.Token);
        var probes = Task.WhenAll(pipelineProbe.RunAsync(() => Volatile.Read(ref measuring), pause, stop.Token),
            floorProbe.RunAsync(() => Volatile.Read(ref measuring), pause, stop.Token));
        await Task.Delay(TimeSpan.FromSeconds(warmup));

        int[] pids = [gateway.Id, cloud.Id, simulator.Id, influx.Process.Id];
        var cpuBefore = pids.Select(ProcessStats.CpuSeconds).ToArray();
        var received = PrometheusText.Sum(await gatewayHttp.GetStringAsync("/metrics"), "iiot.gateway.opcua.values.received");
        var written = PrometheusText.Sum(await cloudHttp.GetStringAsync("/metrics"), "iiot.cloud.points.written");
        var backlogStart = await BacklogAsync(gatewayHttp);
        var loadStart = LoadAverage();
        var rssStart = ProcessStats.RssMegabytes(gateway.Id).Total;
        var rssPeak = rssStart;
        var window = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        while (window.Elapsed.TotalSeconds < seconds && !gateway.HasExited)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.01, Math.Min(1, seconds - window.Elapsed.TotalSeconds))));
            rssPeak = Math.Max(rssPeak, ProcessStats.RssMegabytes(gateway.Id).Total);
        }

        Volatile.Write(ref measuring, false);
        var elapsed = window.Elapsed.TotalSeconds;
        var cpu = pids.Select(ProcessStats.CpuSeconds).Zip(cpuBefore, (a, b) => a - b).ToArray();
        var receivedRate = (PrometheusText.Sum(await gatewayHttp.GetStringAsync("/metrics"), "iiot.gateway.opcua.values.received") - received) / elapsed;
        var writtenRate = (PrometheusText.Sum(await cloudHttp.GetStringAsync("/metrics"), "iiot.cloud.points.written") - written) / elapsed;
        var rssEnd = ProcessStats.RssMegabytes(gateway.Id).Total;
        var backlogEnd = await BacklogAsync(gatewayHttp);
        var loadEnd = LoadAverage();
        await stop.CancelAsync();
        await probes;
        await floorWriter;

        Console.WriteLine();
        Console.WriteLine($"values/s          : {receivedRate,9:N0} into the gateway, {writtenRate,9:N0} written to InfluxDB by the cloud");
        Console.WriteLine($"gateway backlog   : {backlogStart:N0} -> {backlogEnd:N0} records not yet acknowledged by the cloud " +
                          $"({(backlogEnd > backlogStart * 1.5 + 100 ? "growing: the pipeline does not keep up, latency grows with the run" : "steady")})");
        Console.WriteLine($"latency pipeline  : {pipelineProbe.Samples.Summary()}   target p99 < 1000 ms; {pipelineProbe.Samples.ShareAbove(1000):P2} above 1 s");
        Console.WriteLine($"latency floor     : {floorProbe.Samples.Summary()}   (one point written straight to influxd, same probe, same load)");
        Console.WriteLine($"probe resolution  : a query round of {pipelineProbe.MeanPollMs:0} ms (pipeline) / {floorProbe.MeanPollMs:0} ms (floor) plus a {pollMs} ms pause; samples are upper bounds");
        Console.WriteLine($"gateway           : CPU {cpu[0] / elapsed * 100:0}% of a core ({(receivedRate > 0 ? cpu[0] * 1e6 / (receivedRate * elapsed) : double.NaN):0.00} CPU-s per million values), " +
                          $"RSS {rssStart:0} MB start, {rssPeak:0} MB peak, {rssEnd:0} MB end");
        Console.WriteLine($"others (CPU)      : cloud {cpu[1] / elapsed * 100:0}%, simulator {cpu[2] / elapsed * 100:0}%, influxd {cpu[3] / elapsed * 100:0}% of a core " +
                          $"({Environment.ProcessorCount} cores on this machine, all four processes on them; load average {loadStart} at the start, {loadEnd} at the end)");
        foreach (var (name, process) in new[] { ("gateway", gateway), ("cloud", cloud), ("simulator", simulator) })
        {
            var warnings = process.Output.Split('\n').Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)).ToList();
            if (warnings.Count > 0)
            {
                Console.WriteLine($"{name}: {warnings.Count} warnings, first: {warnings[0]}");
            }
        }

        var failed = gateway.HasExited || pipelineProbe.Samples.Count == 0;
        // The peer runs alone: the pipeline's processes are stopped (disposed at the end as well).
        await gateway.KillAsync();
        await simulator.KillAsync();
        await cloud.KillAsync();
        if (!options.Flag("--no-direct"))
        {
            await RunDirectAsync(influx, machines, tags, TimeSpan.FromMilliseconds(tickMs), probeQuery, pause, warmup, seconds);
        }

        return failed ? 1 : 0;
    }

    /// <summary>The peer after the pipeline's processes are gone: the same series and tick straight into influxd.</summary>
    private static async Task RunDirectAsync(InfluxdServer influx, int machines, int tags, TimeSpan tick, string probeQuery, TimeSpan pause, double warmup, double seconds)
    {
        await influx.CreateDatabaseAsync(DirectLoad.Database);
        var probe = new InfluxProbe(influx, DirectLoad.Database, probeQuery);
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() => DirectLoad.RunAsync(influx, machines, tags, tick, 10_000, stop.Token));
        var polling = probe.RunAsync(() => Volatile.Read(ref measuring), pause, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(warmup, 10)));
        var cpuBefore = ProcessStats.CpuSeconds(influx.Process.Id);
        var window = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, false);
        var cpu = ProcessStats.CpuSeconds(influx.Process.Id) - cpuBefore;
        var elapsed = window.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        var points = await writer;
        await polling;
        Console.WriteLine($"latency direct    : {probe.Samples.Summary()}   (peer: the same {machines * (FixedSignals + tags):N0} series every tick written straight to influxd, " +
                          $"one writer, 10,000-line batches; influxd CPU {cpu / elapsed * 100:0}% of a core; {points:N0} points in all; load average {LoadAverage()})");
    }

    /// <summary>The newest point of a few series: the first and last tag (or sequence) of machines spread over the line.</summary>
    private static async Task<string> ProbeQueryAsync(InfluxdServer influx, int count, int tags)
    {
        var rows = await influx.RowsAsync(Tenant, "SHOW TAG VALUES FROM \"sequence\" WITH KEY = \"machine\"");
        // m1 < m2 < m10: by length, then ordinal, so that the picks spread over the line.
        var all = rows.Select(r => r["value"].GetString()!).OrderBy(m => m.Length).ThenBy(m => m, StringComparer.Ordinal).ToList();
        var picked = Enumerable.Range(0, Math.Min(count, all.Count)).Select(i => all[count == 1 ? 0 : i * (all.Count - 1) / Math.Max(1, count - 1)]).Distinct().ToList();
        var measurements = tags > 0 ? $"\"sequence\",\"tag00000\",\"tag{tags - 1:D5}\"" : "\"sequence\"";
        return $"SELECT last(\"value\") FROM {measurements} WHERE \"machine\" =~ /^({string.Join('|', picked)})$/ AND time > now() - 1m GROUP BY \"machine\"";
    }

    /// <summary>Records in the gateway's buffer that the cloud has not acknowledged yet (/healthz buffer.records).</summary>
    private static async Task<long> BacklogAsync(HttpClient gateway)
    {
        using var health = System.Text.Json.JsonDocument.Parse(await gateway.GetStringAsync("/healthz"));
        return health.RootElement.GetProperty("buffer").GetProperty("records").GetInt64();
    }

    /// <summary>The 1-minute load average: other work on the machine shows up in every latency figure.</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static ManagedProcess Start(string project, string folder, Dictionary<string, string> settings, Dictionary<string, string>? environment = null) =>
        ManagedProcess.Start(project, "dotnet", [RepoPaths.AppDll(folder, project), .. settings.Select(s => $"--{s.Key}={s.Value}")], environment);

    private static Task WaitHttpAsync(HttpClient http, ManagedProcess process) =>
        Wait.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                return true; // the caller's next wait reports it
            }

            try
            {
                using var response = await http.GetAsync("/healthz");
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), process.Name + " to answer /healthz", TimeSpan.FromMilliseconds(200));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
