using IIoT.OpcUa.Stack.Services;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;

namespace IIoT.Bench.OpcUa;

/// <summary>
/// `bench opcua-client`: our client in its own process, the same shape as node-subscriber.js: connect, one subscription
/// with N items "&lt;prefix&gt;&lt;i&gt;", time their creation, let the initial burst pass, then count the values received
/// and the CPU spent over a steady window. Prints "MEASURING" when the window opens and one "RESULT {json}" line.
/// With --seconds 0 it only creates the items (creation timing).
/// </summary>
internal static class BenchClient
{
    public const string Usage = "bench opcua-client --endpoint URL --prefix P --count N [--sampling-ms 1000] [--publishing-ms 500] [--queue-size 1] " +
                                "[--warmup-seconds 3] [--seconds 10] [--publish-requests K] [--trace-calls K] [--watch-stdin]";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var endpoint = options.String("--endpoint");
        var prefix = options.String("--prefix", "ns=2;s=Bench.V");
        var count = options.Int("--count", 10_000);
        if (endpoint is null || count < 1)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        if (options.Flag("--watch-stdin"))
        {
            ParentWatch.ExitWhenStdinCloses(stop);
        }

        var samplingMs = options.Double("--sampling-ms", 1000);
        var publishingMs = options.Double("--publishing-ms", 500);
        var queueSize = (uint)options.Int("--queue-size", 1);
        var warmup = TimeSpan.FromSeconds(options.Double("--warmup-seconds", 3));
        var window = TimeSpan.FromSeconds(options.Double("--seconds", 10));
        var (ns, identifier) = ParsePrefix(prefix);

        await using var session = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = endpoint,
            SessionName = "bench",
            SessionTimeout = TimeSpan.FromMinutes(2),
            RequestTimeout = TimeSpan.FromSeconds(60),
            AutoReconnect = false,
            // Library default unless asked: the figure is for the client as shipped.
            PublishRequestCount = options.Int("--publish-requests", new ClientOptions { EndpointUrl = endpoint }.PublishRequestCount),
        }, cancellationToken: stop.Token);
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(publishingMs),
            KeepAliveCount = 10,
            LifetimeCount = 100,
        }, stop.Token);

        // Read from the start: the stream is bounded, and a reader that waited for creation would stall publishing.
        long received = 0, gaps = 0;
        var reader = Task.Run(async () =>
        {
            await foreach (var batch in subscription.Notifications.ReadAllAsync(stop.Token))
            {
                Interlocked.Add(ref received, batch.Values.Length);
                if (batch.Gap is not null)
                {
                    Interlocked.Increment(ref gaps);
                }
            }
        });

        var requests = new MonitoredItemOptions[count];
        for (var i = 0; i < count; i++)
        {
            requests[i] = new MonitoredItemOptions
            {
                NodeId = new NodeId(identifier + i.ToString(CultureInfo.InvariantCulture), ns),
                SamplingInterval = samplingMs,
                QueueSize = queueSize,
            };
        }

        var clock = Stopwatch.StartNew();
        var items = await CreateAsync(subscription, requests, options.Int("--trace-calls", 0), stop.Token);
        var createSeconds = clock.Elapsed.TotalSeconds;
        var active = items.Count(i => i.State == MonitoredItemState.Active);
        var failed = items.Count(i => i.State == MonitoredItemState.Failed);
        var firstFailure = items.FirstOrDefault(i => i.State == MonitoredItemState.Failed)?.Status.ToString();

        var pid = Environment.ProcessId;
        long notifications = 0;
        double seconds = 0, cpu = 0;
        if (window > TimeSpan.Zero)
        {
            await Task.Delay(warmup, stop.Token);
            Console.WriteLine("MEASURING");
            var startCount = Interlocked.Read(ref received);
            var startGaps = Interlocked.Read(ref gaps);
            var startCpu = ProcSelf.CpuSeconds(pid);
            clock.Restart();
            await Task.Delay(window, stop.Token);
            notifications = Interlocked.Read(ref received) - startCount;
            seconds = clock.Elapsed.TotalSeconds;
            cpu = ProcSelf.CpuSeconds(pid) - startCpu;
            gaps = Interlocked.Read(ref gaps) - startGaps;
        }

        var (rss, peak) = ProcSelf.MemoryMb(pid);
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(new ClientResult
        {
            Client = "ours",
            Items = count,
            Active = active,
            Failed = failed,
            FirstFailure = firstFailure,
            CreateSeconds = createSeconds,
            Notifications = notifications,
            Seconds = seconds,
            CpuSeconds = cpu,
            RssMb = rss,
            PeakRssMb = peak,
            Gaps = gaps + session.ReconnectCount,
        }));
        Console.Out.Flush();

        // Deleting 100k items is not measured; do not let a slow goodbye hold the orchestrator.
        using var goodbye = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await subscription.DeleteAsync(goodbye.Token);
        }
        catch (Exception e) when (e is ServiceResultException or OperationCanceledException)
        {
        }

        await stop.CancelAsync();
        await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return 0;
    }

    /// <summary>
    /// All items in one AddMonitoredItemsAsync (the client splits by the server's limit), or, with --trace-calls K, in
    /// calls of K items each timed on stderr: a diagnostic for creation time that does not grow linearly.
    /// </summary>
    private static async Task<IReadOnlyList<MonitoredItem>> CreateAsync(Subscription subscription, MonitoredItemOptions[] requests, int traceChunk, CancellationToken cancellationToken)
    {
        if (traceChunk <= 0)
        {
            return await subscription.AddMonitoredItemsAsync(requests, cancellationToken);
        }

        var all = new List<MonitoredItem>(requests.Length);
        for (var offset = 0; offset < requests.Length; offset += traceChunk)
        {
            var clock = Stopwatch.StartNew();
            all.AddRange(await subscription.AddMonitoredItemsAsync(requests[offset..Math.Min(requests.Length, offset + traceChunk)], cancellationToken));
            Console.Error.WriteLine($"items {offset:N0}..: {clock.Elapsed.TotalMilliseconds:0} ms");
        }

        return all;
    }

    /// <summary>"ns=2;s=Bench.V" -> (2, "Bench.V").</summary>
    private static (ushort Namespace, string Identifier) ParsePrefix(string prefix)
    {
        if (prefix.StartsWith("ns=", StringComparison.Ordinal) && prefix.IndexOf(";s=", StringComparison.Ordinal) is var at and > 3)
        {
            return (ushort.Parse(prefix[3..at], CultureInfo.InvariantCulture), prefix[(at + 3)..]);
        }

        throw new ArgumentException($"--prefix must look like ns=2;s=Bench.V, not '{prefix}'.");
    }
}
