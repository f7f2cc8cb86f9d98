using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>Subscriptions and monitored items of our client against a real node-opcua server.</summary>
[Collection(NodeOpcuaCollection.Name)]
public sealed class SubscriptionTests(ClientTestServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private NodeOpcuaServer Server => fixture.Server;

    [Fact]
    public Task Subscribes_to_10000_monitored_items_all_active_and_each_notifies() => RunAsync(async session =>
    {
        var ns = Namespace(session);
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(200) });
        var requests = Enumerable.Range(0, ClientTestServerFixture.BulkVariables)
            .Select(i => new MonitoredItemOptions { NodeId = new NodeId($"Bulk.{i}", ns), SamplingInterval = 1000 })
            .ToArray();

        Assert.Equal((uint)ClientTestServerFixture.MaxMonitoredItemsPerCall, session.OperationLimits.MaxMonitoredItemsPerCall); // ten calls
        var started = DateTime.UtcNow;
        var items = await subscription.AddMonitoredItemsAsync(requests);
        output.WriteLine($"10,000 items created in {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");

        Assert.Equal(requests.Length, items.Count);
        Assert.All(items, item => Assert.True(item.State == MonitoredItemState.Active, $"{item.NodeId}: {item.State} {item.Status}"));
        Assert.Equal(items.Count, items.Select(i => i.ClientHandle).Distinct().Count());

        var seen = new HashSet<uint>();
        var values = 0;
        await foreach (var batch in subscription.Notifications.ReadAllAsync())
        {
            Assert.Equal(subscription.Id, batch.SubscriptionId);
            Assert.Null(batch.Gap);
            foreach (var notification in batch.Values)
            {
                values++;
                Assert.True(subscription.TryGetItem(notification.ClientHandle, out var item), $"unknown handle {notification.ClientHandle}");
                var index = int.Parse(item!.NodeId.StringId["Bulk.".Length..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.IsType<double>(notification.Value.Value.Value);
                Assert.True(notification.Value.Status.IsGood);
                seen.Add(notification.ClientHandle);
                _ = index;
            }

            if (seen.Count == items.Count)
            {
                break;
            }
        }

        output.WriteLine($"{values} values in {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");
        Assert.Equal(items.Count, seen.Count);
    });

    [Fact]
    public Task Counter_values_arrive_in_order_without_loss_and_revised_values_are_used() => RunAsync(async session =>
    {
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(100),
            KeepAliveCount = 5,
            LifetimeCount = 100,
        });
        Assert.NotEqual(0u, subscription.Id);
        Assert.True(subscription.RevisedPublishingInterval >= TimeSpan.FromMilliseconds(50), subscription.RevisedPublishingInterval.ToString());
        Assert.Equal(subscription.RevisedPublishingInterval * subscription.RevisedKeepAliveCount, subscription.KeepAlivePeriod);

        var items = await subscription.AddMonitoredItemsAsync([CounterItem(session)]);
        Assert.Equal(MonitoredItemState.Active, Assert.Single(items).State);
        output.WriteLine($"counter sampling revised to {items[0].RevisedSamplingInterval} ms");
        await using var collector = new CounterCollector(subscription);

        await Wait.UntilAsync(() => collector.Values.Length >= 40, Timeout, "40 counter values");

        var values = collector.Values;
        Assert.Empty(CounterCollector.Jumps(values));
        Assert.Empty(collector.Gaps);
    });

    [Fact]
    public Task Every_item_ends_active_or_failed_with_its_status() => RunAsync(async session =>
    {
        var ns = Namespace(session);
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(200) });

        var items = await subscription.AddMonitoredItemsAsync(
        [
            new MonitoredItemOptions { NodeId = new NodeId("Bulk.1", ns), DeadbandType = DeadbandType.Absolute, DeadbandValue = 0.5, QueueSize = 10 },
            new MonitoredItemOptions { NodeId = new NodeId("NoSuchNode", ns) },
            new MonitoredItemOptions { NodeId = new NodeId("Bulk.2", ns), DeadbandType = DeadbandType.Percent, DeadbandValue = 10 },
            new MonitoredItemOptions { NodeId = new NodeId("Line1.Machine1.State", ns), Trigger = DataChangeTrigger.StatusValueTimestamp },
        ]);

        foreach (var item in items)
        {
            output.WriteLine($"{item.NodeId}: {item.State} {item.Status} sampling {item.RevisedSamplingInterval} queue {item.RevisedQueueSize}");
        }

        Assert.Equal(MonitoredItemState.Active, items[0].State);
        Assert.Equal(10u, items[0].RevisedQueueSize);
        Assert.Equal(MonitoredItemState.Failed, items[1].State);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, items[1].Status.Code);
        // Percent deadband needs an EURange, which a plain variable has not: refused, and said so.
        Assert.Equal(MonitoredItemState.Failed, items[2].State);
        Assert.True(items[2].Status.IsBad);
        Assert.Equal(MonitoredItemState.Active, items[3].State);
        Assert.All(items, item => Assert.NotEqual(MonitoredItemState.Pending, item.State));
    });

    internal static MonitoredItemOptions CounterItem(UaSession session) => new()
    {
        NodeId = new NodeId("Counter", Namespace(session)),
        SamplingInterval = 0, // node-opcua reports each change of a 0 ms variable
        QueueSize = 1000,
    };

    internal static ushort Namespace(UaSession session)
    {
        for (var i = 0; i < session.NamespaceUris.Count; i++)
        {
            if (session.NamespaceUris[i] == NodeOpcuaServer.NamespaceUri)
            {
                return (ushort)i;
            }
        }

        throw new InvalidOperationException("The test namespace is missing.");
    }

    private async Task RunAsync(Func<UaSession, Task> test)
    {
        await using var session = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = Server.EndpointUrl }, new TestLogger(output)).WaitAsync(Timeout);
        await test(session).WaitAsync(Timeout);
    }
}
