using IIoT.Gateway.Collection.OpcUa;
using IIoT.Gateway.Tests.Collection.Mqtt;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>No data lost: acknowledgement after the append, a cut connection, a server restart recorded as a gap.</summary>
public sealed class OpcUaFaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task A_message_is_acknowledged_only_after_its_points_are_durable() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        await using var session = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = server.EndpointUrl });
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            ManualAcknowledge = true,
        });
        var created = await subscription.AddMonitoredItemsAsync(
            [new MonitoredItemOptions { NodeId = new NodeId($"{LineServer.LinePrefix}.m01.counter", 2), SamplingInterval = 0, QueueSize = 100 }]);
        var item = new OpcUaItem("test", created[0].NodeId, "m01", "counter", null);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink { BeforeDurable = (call, ct) => call == 0 ? release.Task.WaitAsync(ct) : Task.CompletedTask };
        var endpoint = OpcUaTestRig.EndpointFor(server.EndpointUrl);
        var pump = new OpcUaGroupPump(endpoint, "opcua:line1", subscription, new Dictionary<uint, OpcUaItem> { [created[0].ClientHandle] = item },
            sink, new RecordingLedger(), TimeProvider.System, NullLogger.Instance, () => { });
        using var stop = new CancellationTokenSource();
        var running = pump.RunAsync(stop.Token);

        await Wait.UntilAsync(() => sink.Calls == 1, Timeout, "the first append (blocked)");
        // More messages pass while the first append hangs: the server must still hold message 1 for Republish.
        for (var i = 1u; i <= 3; i++)
        {
            server.Set("m01", "counter", Variant.From(i));
            var sequence = 1 + i;
            await Wait.UntilAsync(() => subscription.LastSequenceNumber >= sequence, Timeout, $"message {sequence} received");
        }
        Assert.NotNull(await RepublishAsync(session, subscription.Id, 1));
        Assert.Empty(sink.Points);

        release.SetResult();
        await Wait.UntilAsync(() => sink.Points.Count == 4, Timeout, "all four values durable");
        // The acknowledgement went with a later Publish request; then the server let message 1 go.
        await Wait.UntilAsync(async () =>
        {
            server.Set("m01", "counter", Variant.From((uint)Environment.TickCount));
            return await RepublishAsync(session, subscription.Id, 1) is null;
        }, Timeout, "message 1 released after the append");
        Assert.Equal([0L, 1L, 2L, 3L], sink.Points.Take(4).Select(p => p.IntValue));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    });

    [Fact]
    public Task A_message_larger_than_one_append_is_appended_in_parts_and_acknowledged_after_the_last() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        await using var session = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = server.EndpointUrl });
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            ManualAcknowledge = true,
        });
        string[] machines = ["m01", "m02"];
        var created = await subscription.AddMonitoredItemsAsync(machines
            .Select(m => new MonitoredItemOptions { NodeId = new NodeId($"{LineServer.LinePrefix}.{m}.counter", 2), SamplingInterval = 0, QueueSize = 100 })
            .ToArray());
        var items = created.Select((c, i) => (c.ClientHandle, Item: new OpcUaItem("test", c.NodeId, machines[i], "counter", null)))
            .ToDictionary(p => p.ClientHandle, p => p.Item);
        // The second part of message 1 (its second value) hangs.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink { BeforeDurable = (call, ct) => call == 1 ? release.Task.WaitAsync(ct) : Task.CompletedTask };
        var pump = new OpcUaGroupPump(OpcUaTestRig.EndpointFor(server.EndpointUrl), "opcua:line1", subscription, items,
            sink, new RecordingLedger(), TimeProvider.System, NullLogger.Instance, () => { })
        {
            MaxBytesPerAppend = 1, // every value an append of its own
        };
        using var stop = new CancellationTokenSource();
        var running = pump.RunAsync(stop.Token);

        await Wait.UntilAsync(() => sink.Calls == 2 && sink.Points.Count == 1, Timeout, "the first part durable, the second blocked");
        for (var i = 1u; i <= 2; i++)
        {
            server.Set("m01", "counter", Variant.From(i));
            var sequence = 1 + i;
            await Wait.UntilAsync(() => subscription.LastSequenceNumber >= sequence, Timeout, $"message {sequence} received");
        }
        // Half of message 1 is durable: it must not be acknowledged yet.
        Assert.NotNull(await RepublishAsync(session, subscription.Id, 1));

        release.SetResult();
        await Wait.UntilAsync(() => sink.Points.Count == 4, Timeout, "both initial values and the two changes durable");
        await Wait.UntilAsync(async () =>
        {
            server.Set("m02", "counter", Variant.From((uint)Environment.TickCount));
            return await RepublishAsync(session, subscription.Id, 1) is null;
        }, Timeout, "message 1 released after its last part");
        Assert.Equal(["m01", "m02"], sink.Points.Take(2).Select(p => p.Asset.Machine).Order());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    });

    [Fact]
    public Task A_failing_append_is_retried_on_the_same_session_and_nothing_is_lost() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        // The first three appends fail (the records are not durable), the fourth succeeds.
        var sink = new RecordingSink
        {
            BeforeDurable = (call, _) => call < 3 ? Task.FromException(new IOException("disk full (test)")) : Task.CompletedTask,
        };
        var group = new OpcUaGroupOptions
        {
            SamplingInterval = TimeSpan.Zero,
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            Nodes = [new OpcUaNodeOptions { NodeId = LineServer.NodeId("m01", "counter"), Machine = "m01" }],
        };
        await using var rig = new OpcUaTestRig(OpcUaTestRig.EndpointFor(server.EndpointUrl, group), sink);

        await Wait.UntilAsync(() => rig.Points("m01", "counter").Count == 1, Timeout, "the initial value after three failed appends");
        Assert.Equal(4, sink.Calls);
        Assert.Equal(0, rig.EndpointStatus!.Reconnects);
        Assert.Equal(0, rig.Points("m01", "counter")[0].IntValue);
    });

    [Fact]
    public Task A_cut_connection_loses_no_value() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        await using var proxy = new CuttableTcpProxy(server.Port);
        var group = new OpcUaGroupOptions
        {
            SamplingInterval = TimeSpan.Zero,
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            QueueSize = 1000,
            Nodes = [new OpcUaNodeOptions { NodeId = LineServer.NodeId("m01", "counter"), Machine = "m01" }],
        };
        await using var rig = new OpcUaTestRig(OpcUaTestRig.EndpointFor($"opc.tcp://127.0.0.1:{proxy.Port}", group));
        await Wait.UntilAsync(() => rig.Points("m01", "counter").Count == 1, Timeout, "the initial value");
        // A probe straight to the server (not through the proxy) shows when the server has sampled a value.
        await using var probe = await SamplingProbe.StartAsync(server.EndpointUrl, new NodeId($"{LineServer.LinePrefix}.m01.counter", 2));

        const uint last = 90;
        for (var i = 1u; i <= last; i++)
        {
            server.Set("m01", "counter", Variant.From(i));
            if (i % 30 == 0)
            {
                proxy.CutAll();
            }
            if (i % 30 is 0 or > 5)
            {
                // Outside the five values after each cut the producer waits for the value to arrive, so that the server
                // (which samples on a 10 ms timer) cannot overwrite a value before it sampled it: a missing value then
                // means lost by the gateway, not unsampled.
                var value = (long)i;
                await Wait.UntilAsync(() => rig.Points("m01", "counter").Any(p => p.IntValue == value), Timeout, $"value {value}");
            }
            else
            {
                // Set while the connection is down or coming back: queued at the server, recovered after the reconnect.
                // The next value is set only once the server sampled this one (the probe saw it), so none is overwritten unsampled.
                var value = (long)i;
                await Wait.UntilAsync(() => probe.Seen(value), Timeout, $"value {value} sampled by the server");
            }
        }

        try
        {
            await Wait.UntilAsync(() => rig.Points("m01", "counter").Select(p => p.IntValue).Distinct().Count() == last + 1, Timeout,
                "every counter value after the cuts");
        }
        catch (TimeoutException)
        {
            var seen = rig.Points("m01", "counter").Select(p => p.IntValue).ToHashSet();
            var missing = Enumerable.Range(0, (int)last + 1).Where(i => !seen.Contains(i));
            throw new TimeoutException($"missing {string.Join(',', missing)}; ledger: {string.Join(" | ", rig.Ledger.Entries.Select(e => e.Reason + " " + e.Detail))}; "
                + $"connections {proxy.AcceptedConnections}, state {rig.EndpointStatus}");
        }
        Assert.Equal(Enumerable.Range(0, (int)last + 1).Select(i => (long)i), rig.Points("m01", "counter").Select(p => p.IntValue).Distinct().Order());
        Assert.True(proxy.AcceptedConnections >= 2, $"{proxy.AcceptedConnections} connections");
        Assert.DoesNotContain(rig.Ledger.Entries, e => e.Reason == "opcua-gap");
    });

    [Fact]
    public Task A_server_restart_is_recorded_as_a_gap_and_collection_goes_on() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        var group = new OpcUaGroupOptions
        {
            SamplingInterval = TimeSpan.Zero,
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            Nodes = [new OpcUaNodeOptions { NodeId = LineServer.NodeId("m01", "counter"), Machine = "m01" }],
        };
        await using var rig = new OpcUaTestRig(OpcUaTestRig.EndpointFor(server.EndpointUrl, group));
        await Wait.UntilAsync(() => rig.Points("m01", "counter").Count == 1, Timeout, "the initial value");
        server.Set("m01", "counter", Variant.From(1u));
        await Wait.UntilAsync(() => rig.Points("m01", "counter").Count == 2, Timeout, "a change");

        server.Set("m01", "counter", Variant.From(2u));
        await server.RestartAsync();

        await Wait.UntilAsync(() => rig.Ledger.Entries.Any(e => e.Reason == "opcua-gap"), Timeout, "a gap entry in the loss ledger");
        var gap = rig.Ledger.Entries.First(e => e.Reason == "opcua-gap");
        Assert.Equal("opcua:line1", gap.Source);
        Assert.Contains("m01/counter", gap.Detail, StringComparison.Ordinal);
        await Wait.UntilAsync(() => rig.EndpointStatus?.State == "connected", Timeout, "connected again");
        Assert.True(rig.EndpointStatus!.Gaps >= 1);
        server.Set("m01", "counter", Variant.From(3u));
        await Wait.UntilAsync(() => rig.Points("m01", "counter").Any(p => p.IntValue == 3), Timeout, "values after the restart");
    });

    private static async Task<NotificationMessage?> RepublishAsync(UaSession session, uint subscriptionId, uint sequenceNumber)
    {
        try
        {
            var response = await session.CallAsync<RepublishResponse>(new RepublishRequest { SubscriptionId = subscriptionId, RetransmitSequenceNumber = sequenceNumber });
            return response.NotificationMessage;
        }
        catch (ServiceResultException e) when (e.StatusCode == StatusCodes.BadMessageNotAvailable)
        {
            return null;
        }
    }

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
