using System.Diagnostics;
using System.Globalization;
using System.Net;
using IIoT.OpcUa.Server;
using IIoT.OpcUa.Server.Subscriptions;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Types;

namespace IIoT.Bench.OpcUa;

/// <summary>
/// `bench opcua-server --variables N --rate-ms R`: our OPC UA server in its own process (so its CPU is not charged to a
/// client) with N Double variables "ns=&lt;ns&gt;;s=Bench.V&lt;i&gt;" that all change every R ms, i.e. an offered load of
/// N × 1000 / R values per second. Prints "READY &lt;endpoint url&gt; &lt;node id prefix&gt;" once it accepts connections.
/// </summary>
internal static class BenchServer
{
    public const string Usage = "bench opcua-server --variables N --rate-ms R [--port 0] [--max-items-per-call 10000] [--min-sampling-ms 50] [--watch-stdin]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var variables = options.Int("--variables", 10_000);
        var rateMs = options.Int("--rate-ms", 1000);
        if (variables < 1 || rateMs < 1)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        if (options.Flag("--watch-stdin"))
        {
            ParentWatch.ExitWhenStdinCloses(stop);
        }
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var space = new AddressSpace();
        var ns = space.RegisterNamespace("urn:iiot:bench");
        var folder = new NodeId("Bench", ns);
        space.AddFolder(new NodeId(IIoT.OpcUa.Types.ObjectIds.ObjectsFolder), folder, "Bench");
        var nodes = new VariableNode[variables];
        for (var i = 0; i < variables; i++)
        {
            nodes[i] = space.AddVariable(folder, new NodeId("Bench.V" + i.ToString(CultureInfo.InvariantCulture), ns), "V" + i.ToString(CultureInfo.InvariantCulture), new VariableOptions
            {
                MinimumSamplingInterval = rateMs,
                InitialValue = Variant.From(0.0),
            });
        }

        var maxPerCall = (uint)options.Int("--max-items-per-call", 10_000);
        var serverOptions = new OpcUaServerOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = options.Int("--port", 0),
            HostName = "127.0.0.1",
            MaxMonitoredItemsPerCall = maxPerCall,
            // node-opcua sends CreateMonitoredItems and large Publish answers in one message: room for 100k items.
            TransportLimits = new TransportLimits { MaxMessageSize = 64 * 1024 * 1024 },
            Subscriptions = new SubscriptionEngineOptions
            {
                MinSamplingInterval = options.Double("--min-sampling-ms", 50),
                MinPublishingInterval = options.Double("--min-sampling-ms", 50),
            },
        };

        await using var server = await OpcUaServer.StartAsync(serverOptions, space, loggers: null, stop.Token);
        var updater = Task.Run(() => UpdateAsync(nodes, rateMs, stop.Token));
        Console.WriteLine($"READY opc.tcp://127.0.0.1:{server.Port} ns={ns};s=Bench.V");
        try
        {
            await updater;
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    /// <summary>Every variable gets the tick number every <paramref name="rateMs"/> ms (one shared Variant: the box is the same for all).</summary>
    private static async Task UpdateAsync(VariableNode[] nodes, int rateMs, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(rateMs));
        var tick = 0L;
        var late = 0L;
        var clock = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            // The load actually offered (ticks can be late on a busy machine): the orchestrator reads it around a window.
            if (clock.Elapsed - reported >= TimeSpan.FromSeconds(1))
            {
                reported = clock.Elapsed;
                Console.WriteLine($"UPDATED {tick * nodes.Length} {reported.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}");
            }

            var started = clock.Elapsed;
            var value = Variant.From((double)++tick);
            var now = UaDateTime.FromDateTime(DateTime.UtcNow);
            foreach (var node in nodes)
            {
                node.SetValue(value, StatusCode.Good, now);
            }

            if ((clock.Elapsed - started).TotalMilliseconds > rateMs && ++late % 10 == 1)
            {
                Console.WriteLine($"WARN updating {nodes.Length:N0} variables took longer than {rateMs} ms ({late} times): the offered load is lower than announced");
            }
        }
    }
}
