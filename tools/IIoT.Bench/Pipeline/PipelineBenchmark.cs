using System.Diagnostics;
using System.Globalization;
using IIoT.Testing;

namespace IIoT.Bench.Pipeline;

/// <summary>
/// Whole-pipeline figures with every process on this machine: publisher -> mosquitto -> gateway -> cloud -> influxd,
/// compared with influxd's own ingest rate measured in the same run.
/// </summary>
internal static class PipelineBenchmark
{
    private const string Database = "bench";
    private const string ApiKey = "bench-key-000000001";

    public static async Task<int> RunAsync(string mode, string[] args)
    {
        var points = IntOption(args, "--points", 1_000_000);
        var latencySeconds = IntOption(args, "--latency-seconds", 20);
        await using var influx = await InfluxdServer.StartAsync();

        Console.WriteLine($"== InfluxDB 1.x ceiling: {points:N0} pre-built points in {InfluxCeiling.BatchLines:N0}-line batches");
        var one = await InfluxCeiling.MeasureAsync(influx, "ceiling1", points, writers: 1);
        var two = await InfluxCeiling.MeasureAsync(influx, "ceiling2", points, writers: 2);
        Console.WriteLine($"influxd, 1 writer : {one.PointsPerSecond,12:N0} points/s  {one.CpuSecondsPerMillion,6:0.00} CPU-s per million points");
        Console.WriteLine($"influxd, 2 writers: {two.PointsPerSecond,12:N0} points/s  {two.CpuSecondsPerMillion,6:0.00} CPU-s per million points");
        if (mode == "influx")
        {
            return 0;
        }

        await using var broker = await MosquittoBroker.StartAsync();
        using var folder = new TempFolder("bench");
        await using var cloud = StartApp("cloud", "IIoT.Cloud", out var cloudPort, new()
        {
            ["Cloud:Storage:Kind"] = "InfluxV1",
            ["Cloud:Storage:Url"] = influx.Url,
            ["Cloud:Storage:CreateDatabases"] = "true",
            ["Cloud:Tenants:0:Id"] = Database,
            ["Cloud:Tenants:0:Database"] = Database,
            ["Cloud:Gateways:0:Id"] = "gw-bench",
            ["Cloud:Gateways:0:Tenant"] = Database,
            ["Cloud:Gateways:0:ApiKey"] = ApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await WaitHealthyAsync(cloudPort, cloud);
        await using var gateway = StartApp("gateway", "IIoT.Gateway", out var gatewayPort, new()
        {
            ["Gateway:Id"] = "gw-bench",
            ["Gateway:DataDirectory"] = folder.Combine("gateway"),
            ["Uplink:Urls:0"] = $"http://127.0.0.1:{cloudPort}",
            ["Uplink:ApiKey"] = ApiKey,
            ["Mqtt:Brokers:0:Name"] = "line1",
            ["Mqtt:Brokers:0:Host"] = "127.0.0.1",
            ["Mqtt:Brokers:0:Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:Brokers:0:ClientId"] = "gw-bench-line1",
            // MQTT 3.1.1 by default: mosquitto 2.0.11 (Debian) drains a backlog to an MQTT 5 client with a Receive Maximum
            // at under 1,000 messages/s (its inflight-quota bugs, fixed in 2.0.13), which would measure the broker, not us.
            ["Mqtt:Brokers:0:Protocol"] = StringOption(args, "--mqtt", "V311"),
            ["Mqtt:Brokers:0:Subscriptions:0:Topic"] = "factory/#",
            ["Mqtt:Brokers:0:Subscriptions:0:Rule"] = "line-json",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await WaitHealthyAsync(gatewayPort, gateway);

        var messages = points / LoadPublisher.ValuesPerMessage;
        using var cloudHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cloudPort}") };
        // Warm-up, not measured: a gateway runs for months, so the JIT's first minutes are not its steady state.
        var warmup = Math.Min(messages / 2, 100_000);
        Console.WriteLine($"== Warm-up: {warmup:N0} messages (not measured)");
        await using (var publisher = await LoadPublisher.ConnectAsync(broker.Port, machines: 50, firstMachine: 0))
        {
            await publisher.PublishAsync(warmup, perSecond: 0, CancellationToken.None);
        }
        await Wait.UntilAsync(async () => await MetricAsync(cloudHttp, "iiot_cloud_points_written_total") >= warmup * LoadPublisher.ValuesPerMessage,
            TimeSpan.FromMinutes(5), "the warm-up to be written", TimeSpan.FromMilliseconds(100));
        var before = await MetricAsync(cloudHttp, "iiot_cloud_points_written_total");
        var storedBefore = await CountAsync(influx);
        Console.WriteLine($"== Pipeline: {messages:N0} MQTT messages x {LoadPublisher.ValuesPerMessage} values, QoS 1, mosquitto -> gateway -> cloud -> influxd");
        var cpu = new[] { gateway.Id, cloud.Id, influx.Process.Id, broker.ProcessId }.Select(ProcessStats.CpuSeconds).ToArray();
        var clock = Stopwatch.StartNew();
        await using (var publisher = await LoadPublisher.ConnectAsync(broker.Port, machines: 50, firstMachine: 100))
        {
            await publisher.PublishAsync(messages, perSecond: 0, CancellationToken.None);
        }
        var published = clock.Elapsed;
        try
        {
            // The cloud counts a point once InfluxDB acknowledged it, when it is queryable; polling the cloud's
            // counter keeps the measurement free of the query load that counting in InfluxDB would add.
            await Wait.UntilAsync(async () => await MetricAsync(cloudHttp, "iiot_cloud_points_written_total") - before >= points, TimeSpan.FromMinutes(5),
                "every point written by the cloud", TimeSpan.FromMilliseconds(50));
        }
        catch (TimeoutException)
        {
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{gatewayPort}/metrics");
            Console.WriteLine($"stored {await CountAsync(influx):N0} of {points:N0}; gateway metrics:\n" +
                string.Join("\n", metrics.Split('\n').Where(l => !l.StartsWith('#') && !l.Contains("_bucket"))));
            Console.WriteLine("gateway: " + gateway.Output[^Math.Min(3000, gateway.Output.Length)..]);
            Console.WriteLine("cloud: " + cloud.Output[^Math.Min(3000, cloud.Output.Length)..]);
            throw;
        }
        clock.Stop();
        var stored = await CountAsync(influx) - storedBefore;
        if (stored != points)
        {
            Console.WriteLine($"WARNING: InfluxDB holds {stored:N0} points, {points:N0} were published");
        }
        var used = new[] { gateway.Id, cloud.Id, influx.Process.Id, broker.ProcessId }.Select(ProcessStats.CpuSeconds).Zip(cpu, (a, b) => a - b).ToArray();
        var rate = points / clock.Elapsed.TotalSeconds;
        var perMillion = 1e6 / points;
        Console.WriteLine($"published in {published.TotalSeconds:0.0} s, stored in {clock.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"pipeline          : {rate,12:N0} points/s  = {rate / one.PointsPerSecond:0.00}x influxd 1 writer, {rate / two.PointsPerSecond:0.00}x 2 writers (target >= 0.5x)");
        Console.WriteLine($"CPU-s per million : gateway {used[0] * perMillion:0.00}, cloud {used[1] * perMillion:0.00}, gateway+cloud {(used[0] + used[1]) * perMillion:0.00}" +
                          $", influxd {used[2] * perMillion:0.00}, mosquitto {used[3] * perMillion:0.00}; ratio (gateway+cloud)/influxd = {(used[0] + used[1]) / used[2]:0.00} (target < 1)");

        foreach (var app in new[] { gateway, cloud })
        {
            var warnings = app.Output.Split('\n').Select((line, i) => (line, i)).Where(l => l.line.StartsWith("warn:") || l.line.StartsWith("fail:")).ToList();
            if (warnings.Count > 0)
            {
                var lines = app.Output.Split('\n');
                Console.WriteLine($"{app.Name}: {warnings.Count} warnings, first: {lines[warnings[0].i]} {lines.ElementAtOrDefault(warnings[0].i + 1)}");
            }
        }

        var halfLoad = rate / 2 / LoadPublisher.ValuesPerMessage;
        Console.WriteLine($"== Latency publish -> queryable at half load: {halfLoad * LoadPublisher.ValuesPerMessage:N0} points/s for {latencySeconds} s");
        var (p50, p99, max, samples, rss) = await MeasureLatencyAsync(influx, broker.Port, gateway.Id, halfLoad, latencySeconds);
        Console.WriteLine($"latency           : p50 {p50:0} ms, p99 {p99:0} ms, max {max:0} ms over {samples:N0} probes (target p99 < 1000 ms)");
        Console.WriteLine($"gateway RSS       : {rss.Total:0} MB at most during the half-load run (anonymous {rss.Anonymous:0} MB, file-mapped {rss.FileMapped:0} MB; target < 150 MB)");
        return 0;
    }

    private static async Task<(double P50, double P99, double Max, int Samples, (double Total, double Anonymous, double FileMapped) Rss)> MeasureLatencyAsync(
        InfluxdServer influx, int brokerPort, int gatewayPid, double messagesPerSecond, int seconds)
    {
        var latencies = new List<double>();
        var rss = (Total: 0.0, Anonymous: 0.0, FileMapped: 0.0);
        using var stop = new CancellationTokenSource();
        var lastSeenNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var rows = await influx.RowsAsync(Database, $"SELECT \"value\" FROM \"probe_ms\" WHERE time > {lastSeenNs}");
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                foreach (var row in rows)
                {
                    latencies.Add(now - row["value"].GetDouble());
                    lastSeenNs = Math.Max(lastSeenNs, row["time"].GetInt64());
                }
                var now2 = ProcessStats.RssMegabytes(gatewayPid);
                if (now2.Total > rss.Total)
                {
                    rss = now2;
                }
                await Task.Delay(20);
            }
        });
        await using (var publisher = await LoadPublisher.ConnectAsync(brokerPort, machines: 50, firstMachine: 200))
        {
            await publisher.PublishAsync((long)(messagesPerSecond * seconds), messagesPerSecond, CancellationToken.None);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await poller;
        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, p * latencies.Count)];
        return (Percentile(0.5), Percentile(0.99), latencies.Count == 0 ? double.NaN : latencies[^1], latencies.Count, rss);
    }

    private static Task<long> CountAsync(InfluxdServer influx) => influx.CountAsync(Database);

    private static async Task<double> MetricAsync(HttpClient http, string name)
    {
        var text = await http.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static ManagedProcess StartApp(string folder, string project, out int port, Dictionary<string, string> settings)
    {
        port = FreePort.Next();
        settings["urls"] = $"http://127.0.0.1:{port}";
        return ManagedProcess.Start(project, "dotnet", [RepoPaths.AppDll(folder, project), .. settings.Select(s => $"--{s.Key}={s.Value}")]);
    }

    private static async Task WaitHealthyAsync(int port, ManagedProcess process)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Wait.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(process.Name + " exited: " + process.Output);
            }
            using var response = await http.GetAsync("/healthz");
            return true;
        }, TimeSpan.FromSeconds(60), process.Name + " to answer");
    }

    private static string StringOption(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
