using IIoT.Testing;
using Xunit.Abstractions;
using static IIoT.OpcUa.Server.Tests.Interop.SubscribeSummary;

namespace IIoT.OpcUa.Server.Tests.Interop;

/// <summary>node-opcua against our server with large requests and replies: 10,000 monitored items, a reply over 1 MB.</summary>
public sealed class NodeOpcuaLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task node_opcua_creates_10000_monitored_items_all_Good_and_every_item_gets_notifications() => Run(async () =>
    {
        await using var server = await CounterServer.StartAsync(nameof(node_opcua_creates_10000_monitored_items_all_Good_and_every_item_gets_notifications), 10_000);
        server.StartTicking(TimeSpan.FromMilliseconds(200));

        // Initial value plus two changes per item: every item is sampled and published, not just the first few. At most
        // 1000 notifications per message: each cycle is ten messages, the server answers queued Publish requests at once
        // (MoreNotifications).
        var summary = await RunAsync(server.Port, new
        {
            cmd = "subscribe", prefix = "ns=2;s=C.", count = 10_000, samplingInterval = 100, publishingInterval = 100, queueSize = 5,
            maxNotificationsPerPublish = 1000, record = "none", until = new { valuesPerItem = 3 }, timeoutMs = 50_000,
        });

        Assert.Equal(10_000, summary.GetProperty("created").GetInt32());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        Assert.Equal(0, summary.GetProperty("itemsWithoutValues").GetInt32());
        Assert.True(summary.GetProperty("minCount").GetInt32() >= 3);
        Assert.Equal(["Good"], summary.GetProperty("valueStatuses").EnumerateObject().Select(p => p.Name));
        Assert.Empty(MissingSequenceNumbers(summary));
        // Responses out of sequence order are logged, not asserted: see the skipped test below.
        output.WriteLine($"{summary.GetProperty("totalValues")} values in {summary.GetProperty("notificationMessages")} messages, {summary.GetProperty("durationMs")} ms, sequences {summary.GetProperty("sequences")}");
    });

    [Fact]
    public Task A_read_reply_larger_than_1_MB_arrives_in_chunks_and_node_opcua_decodes_it() => Run(async () =>
    {
        const int length = 200_000; // 1.6 MB of doubles
        await using var server = await CounterServer.StartAsync(nameof(A_read_reply_larger_than_1_MB_arrives_in_chunks_and_node_opcua_decodes_it), 1, bigLength: length);

        var result = await NodeOpcuaClient.RunAsync(Url(server.Port),
            [new { cmd = "read", summarize = true, nodes = new[] { new { nodeId = CounterServer.Big, attributeId = 13 }, new { nodeId = CounterServer.Counter(0), attributeId = 13 } } }],
            timeout: ClientTimeout);

        Assert.True(result.Succeeded, $"node-opcua client failed ({result.ExitCode}): {result.Error}\n{Tail(result.Output)}");
        var read = Assert.Single(result.Results);
        var big = read.GetProperty("values")[0];
        Assert.Equal("Good", big.GetProperty("status").GetString());
        Assert.Equal("Double", big.GetProperty("dataType").GetString());
        Assert.Equal(length, big.GetProperty("length").GetInt32());
        Assert.Equal(0, big.GetProperty("first").GetDouble());
        Assert.Equal(length - 1, big.GetProperty("last").GetDouble());
        Assert.Equal((double)length * (length - 1) / 2, big.GetProperty("sum").GetDouble());
        Assert.Equal("Good", read.GetProperty("values")[1].GetProperty("status").GetString());
        var chunks = read.GetProperty("chunks").GetInt32();
        var bytes = read.GetProperty("bytes").GetInt64();
        output.WriteLine($"{bytes} bytes in {chunks} chunks");
        Assert.True(bytes > length * 8L, $"{bytes} bytes");
        Assert.True(chunks > 1, $"{chunks} chunks");
    });

    // Several queued Publish requests are answered at once when a cycle needs more than one message; they must reach the
    // client in sequence order because node-opcua applies messages as they arrive (ServerSecureChannel keeps Publish
    // responses in request order).
    [Fact]
    public Task UA_R05_publish_responses_reach_node_opcua_in_sequence_order_so_no_item_goes_back_to_an_older_value() => Run(async () =>
    {
        await using var server = await CounterServer.StartAsync(nameof(UA_R05_publish_responses_reach_node_opcua_in_sequence_order_so_no_item_goes_back_to_an_older_value), 200);
        server.StartTicking(TimeSpan.FromMilliseconds(20), sampledItems: 200);

        // About 25 values per item per 500 ms cycle, at most 100 per message: some 50 responses per cycle at once.
        var summary = await RunAsync(server.Port, new
        {
            cmd = "subscribe", prefix = "ns=2;s=C.", count = 200, samplingInterval = 10, publishingInterval = 500, queueSize = 100,
            maxNotificationsPerPublish = 100, record = "last", until = new { valuesPerItem = 100 }, timeoutMs = 30_000,
        });

        output.WriteLine($"sequences {summary.GetProperty("sequences")}");
        Assert.Equal(0, Assert.Single(Sequences(summary)).GetProperty("outOfOrder").GetInt32());
        Assert.Equal(0, summary.GetProperty("decreasing").GetInt32());
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(Timeout);
}
