using IIoT.OpcUa.Types;
using IIoT.Testing;
using Xunit.Abstractions;
using static IIoT.OpcUa.Server.Tests.Interop.SubscribeSummary;

namespace IIoT.OpcUa.Server.Tests.Interop;

/// <summary>node-opcua 2.186.4 subscribes to our server: data changes, deadbands, writes, unknown nodes.</summary>
public sealed class NodeOpcuaSubscriptionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task node_opcua_receives_every_counter_change_without_loss_at_the_sampling_rate() => Run(nameof(node_opcua_receives_every_counter_change_without_loss_at_the_sampling_rate), 5, async server =>
    {
        server.StartTicking(TimeSpan.FromMilliseconds(50), sampledItems: 5);

        var summary = await RunAsync(server.Port, new
        {
            cmd = "subscribe", prefix = "ns=2;s=C.", count = 5, samplingInterval = 10, publishingInterval = 50, queueSize = 10,
            until = new { valuesPerItem = 30 }, timeoutMs = 30_000,
        });

        Assert.Equal(5, summary.GetProperty("created").GetInt32());
        Assert.Equal(50, summary.GetProperty("revisedPublishingInterval").GetDouble());
        var sequence = Assert.Single(Sequences(summary));
        Assert.Empty(sequence.GetProperty("missing").EnumerateArray());
        for (var i = 0; i < 5; i++)
        {
            var item = Item(summary, i);
            var values = Ints(item);
            Assert.Equal(10, item.GetProperty("samplingInterval").GetDouble());
            Assert.Equal(10u, item.GetProperty("queueSize").GetUInt32());
            Assert.True(values.Count >= 30, $"item {i}: {values.Count} values");
            Assert.True(Jumps(values).Count == 0, $"item {i} lost values: {string.Join(", ", Jumps(values))}");
        }
        // All counters move together, so every item saw the same stretch of the sequence.
        Assert.Single(Enumerable.Range(0, 5).Select(i => Ints(Item(summary, i))[0]).Distinct());
        output.WriteLine($"{summary.GetProperty("notificationMessages")} messages, {summary.GetProperty("totalValues")} values in {summary.GetProperty("durationMs")} ms");
    });

    [Fact]
    public Task node_opcua_absolute_and_percent_deadbands_report_only_changes_beyond_the_band() => Run(nameof(node_opcua_absolute_and_percent_deadbands_report_only_changes_beyond_the_band), 1, async server =>
    {
        // Two clients watch the same Level (EURange 0..200): absolute 5, and 5 % of the range = 10.
        object Options(string type, double value) => new
        {
            cmd = "subscribe", nodes = new[] { CounterServer.Level }, samplingInterval = 10, publishingInterval = 50, queueSize = 20,
            deadband = new { type, value }, until = new { value = new { index = 0, value = 100.0 } }, timeoutMs = 30_000,
        };
        await using var absolute = await NodeOpcuaClient.StartAsync(Url(server.Port), [Options("absolute", 5)]);
        await using var percent = await NodeOpcuaClient.StartAsync(Url(server.Port), [Options("percent", 5)]);
        await absolute.WaitForProgressAsync(p => p.GetProperty("minCount").GetInt32() >= 1, TimeSpan.FromSeconds(30), "the first Level value (absolute)");
        await percent.WaitForProgressAsync(p => p.GetProperty("minCount").GetInt32() >= 1, TimeSpan.FromSeconds(30), "the first Level value (percent)");

        // Each step is held ten sampling intervals so that it is sampled; 17 is exactly 5 from 12: not beyond the band.
        var level = server.Variable(CounterServer.Level);
        using var steps = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        foreach (var value in new[] { 1, 2.5, 5.5, 6, 12, 12.5, 17, 30, 100 })
        {
            await steps.WaitForNextTickAsync();
            level.SetValue(Variant.From(value));
        }

        var absoluteValues = Doubles(Item(Single(await absolute.CompleteAsync(ClientTimeout)), 0));
        var percentValues = Doubles(Item(Single(await percent.CompleteAsync(ClientTimeout)), 0));
        Assert.Equal([0, 5.5, 12, 30, 100], absoluteValues);
        Assert.Equal([0, 12, 30, 100], percentValues);
    });

    [Fact]
    public Task A_write_from_node_opcua_to_a_subscribed_variable_arrives_as_a_notification() => Run(nameof(A_write_from_node_opcua_to_a_subscribed_variable_arrives_as_a_notification), 1, async server =>
    {
        var summary = await RunAsync(server.Port, new
        {
            cmd = "subscribe", nodes = new[] { CounterServer.Setpoint }, samplingInterval = 10, publishingInterval = 50,
            writes = new[] { new { nodeId = CounterServer.Setpoint, dataType = "Double", value = 42.25 } },
            until = new { value = new { index = 0, value = 42.25 } }, timeoutMs = 30_000,
        });

        var write = Assert.Single(summary.GetProperty("writes").EnumerateArray());
        Assert.Equal("Good", write.GetProperty("status").GetString());
        Assert.Equal([1.5, 42.25], Doubles(Item(summary, 0)));
        Assert.Equal(42.25, (double)server.Variable(CounterServer.Setpoint).Value.Value.Value!);
    });

    [Fact]
    public Task Unknown_node_ids_in_a_subscribe_request_fail_per_item_with_BadNodeIdUnknown_while_the_others_report() => Run(nameof(Unknown_node_ids_in_a_subscribe_request_fail_per_item_with_BadNodeIdUnknown_while_the_others_report), 2, async server =>
    {
        server.StartTicking(TimeSpan.FromMilliseconds(50), sampledItems: 2);
        string[] nodes = [CounterServer.Counter(0), "ns=2;s=C.NoSuchCounter", CounterServer.Counter(1), "ns=7;s=C.0", "i=999999"];

        var summary = await RunAsync(server.Port, new
        {
            cmd = "subscribe", nodes, samplingInterval = 10, publishingInterval = 50, queueSize = 10,
            until = new { valuesPerItem = 5 }, timeoutMs = 30_000,
        });

        Assert.Equal(2, summary.GetProperty("created").GetInt32());
        Assert.Equal(3, summary.GetProperty("failed").GetInt32());
        var statuses = Enumerable.Range(0, nodes.Length).Select(i => Item(summary, i).GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["Good", "BadNodeIdUnknown", "Good", "BadNodeIdUnknown", "BadNodeIdUnknown"], statuses);
        foreach (var i in new[] { 0, 2 })
        {
            var values = Ints(Item(summary, i));
            Assert.True(values.Count >= 5 && Jumps(values).Count == 0, $"item {i}: {string.Join(",", values)}");
        }
        foreach (var i in new[] { 1, 3, 4 })
        {
            Assert.Equal(0, Item(summary, i).GetProperty("count").GetInt32());
        }
    });

    private static Task Run(string testName, int counters, Func<CounterServer, Task> test) => RunCore(testName, counters, test).WaitAsync(Timeout);

    private static async Task RunCore(string testName, int counters, Func<CounterServer, Task> test)
    {
        await using var server = await CounterServer.StartAsync(testName, counters);
        await test(server);
    }
}
