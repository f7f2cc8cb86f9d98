using System.Diagnostics;
using IIoT.OpcUa.Client.Tests.Interop;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>Subscriptions and monitored items of our client against our own server.</summary>
public sealed class OwnSubscriptionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public Task Subscribes_to_10000_monitored_items_all_active_and_each_notifies() => RunAsync(
        new OwnServerSettings { BulkVariables = 10_000, MaxMonitoredItemsPerCall = 1000, MaxNotificationsPerPublish = 1000 }, async (host, session) =>
    {
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) });
        var requests = Enumerable.Range(0, 10_000).Select(i => new MonitoredItemOptions { NodeId = OwnServerHost.Bulk(i), SamplingInterval = 1000 }).ToArray();
        var watch = Stopwatch.StartNew();

        var items = await subscription.AddMonitoredItemsAsync(requests);

        output.WriteLine($"10,000 items created in {watch.ElapsedMilliseconds} ms, {host.Requests("CreateMonitoredItemsRequest")} calls");
        Assert.Equal(10, host.Requests("CreateMonitoredItemsRequest"));
        Assert.Equal(requests.Length, items.Count);
        Assert.All(items, item => Assert.True(item.State == MonitoredItemState.Active, $"{item.NodeId}: {item.State} {item.Status}"));
        Assert.Equal(items.Count, items.Select(i => i.ClientHandle).Distinct().Count());

        // The first value of each item is sampled at creation; at most 1000 per message, so at least ten messages.
        var seen = new HashSet<uint>();
        var messages = 0;
        await foreach (var batch in subscription.Notifications.ReadAllAsync())
        {
            Assert.Null(batch.Gap);
            Assert.True(batch.Values.Length <= 1000, $"{batch.Values.Length} values in one message");
            messages++;
            foreach (var notification in batch.Values)
            {
                Assert.True(subscription.TryGetItem(notification.ClientHandle, out var item), $"unknown handle {notification.ClientHandle}");
                var index = int.Parse(item!.NodeId.StringId["Bulk.".Length..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal((double)index, notification.Value.Value.Value); // each value lands on its own item
                Assert.True(seen.Add(notification.ClientHandle), $"{item.NodeId} notified twice without a change");
            }

            if (seen.Count == items.Count)
            {
                break;
            }
        }

        output.WriteLine($"all 10,000 notified in {messages} messages, {watch.ElapsedMilliseconds} ms");
        Assert.True(messages >= 10);

        // A change after the initial values reaches exactly its item.
        host.Variable(OwnServerHost.Bulk(4321)).SetValue(Variant.From(-1.0));
        Assert.True(await subscription.Notifications.WaitToReadAsync());
        var changed = await subscription.Notifications.ReadAsync();
        var single = Assert.Single(changed.Values);
        Assert.True(subscription.TryGetItem(single.ClientHandle, out var changedItem));
        Assert.Equal(OwnServerHost.Bulk(4321), changedItem!.NodeId);
        Assert.Equal(-1.0, single.Value.Value.Value);
    });

    [Fact]
    public Task Absolute_and_percent_deadbands_let_through_only_large_enough_changes() => RunAsync(new OwnServerSettings(), async (host, session) =>
    {
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50) });
        var items = await subscription.AddMonitoredItemsAsync(
        [
            new MonitoredItemOptions { NodeId = OwnServerHost.Level, SamplingInterval = 10, QueueSize = 100, DeadbandType = DeadbandType.Absolute, DeadbandValue = 5 },
            // 10 % of the EURange 0..200: changes of more than 20.
            new MonitoredItemOptions { NodeId = OwnServerHost.Level, SamplingInterval = 10, QueueSize = 100, DeadbandType = DeadbandType.Percent, DeadbandValue = 10 },
            new MonitoredItemOptions { NodeId = OwnServerHost.Writable, DeadbandType = DeadbandType.Percent, DeadbandValue = 10 },
        ]);
        Assert.Equal(MonitoredItemState.Active, items[0].State);
        Assert.Equal(MonitoredItemState.Active, items[1].State);
        // A percent deadband needs an EURange; Writable has none (OPC 10000-8 Table 28: Bad_DeadbandFilterInvalid).
        Assert.Equal(MonitoredItemState.Failed, items[2].State);
        Assert.Equal(StatusCodes.BadDeadbandFilterInvalid, items[2].Status.Code);
        var values = new Dictionary<uint, List<double>> { [items[0].ClientHandle] = [], [items[1].ClientHandle] = [] };
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            await foreach (var batch in subscription.Notifications.ReadAllAsync(stop.Token))
            {
                lock (values)
                {
                    foreach (var n in batch.Values)
                    {
                        values[n.ClientHandle].Add((double)n.Value.Value.Value!);
                    }
                }
            }
        });
        var level = host.Variable(OwnServerHost.Level);
        await Wait.UntilAsync(() => Count(values, items[0]) == 1 && Count(values, items[1]) == 1, Timeout, "the initial values");

        // 49 is within both deadbands of 50; 100 passes both and marks the end, so nothing can still be on its way.
        foreach (var value in new[] { 3.0, 7.0, 25.0, 40.0, 50.0, 49.0, 100.0 })
        {
            var samples = host.Samples;
            level.SetValue(Variant.From(value));
            await host.WaitSampledAsync(samples, 2 * 2, Timeout); // both items sampled the new value twice over
        }

        await Wait.UntilAsync(() => Last(values, items[0]) == 100.0 && Last(values, items[1]) == 100.0, Timeout, "the last value");
        await stop.CancelAsync();
        await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        Assert.Equal([0.0, 7.0, 25.0, 40.0, 50.0, 100.0], values[items[0].ClientHandle]); // |change| > 5 from the last reported
        Assert.Equal([0.0, 25.0, 50.0, 100.0], values[items[1].ClientHandle]); // |change| > 20 from the last reported
    });

    [Fact]
    public Task Every_item_ends_active_or_failed_with_its_status() => RunAsync(new OwnServerSettings(), async (_, session) =>
    {
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) });

        var items = await subscription.AddMonitoredItemsAsync(
        [
            new MonitoredItemOptions { NodeId = OwnServerHost.Writable, QueueSize = 10 },
            new MonitoredItemOptions { NodeId = OwnServerHost.Id("NoSuchNode") },
            new MonitoredItemOptions { NodeId = OwnServerHost.Id("Machine"), AttributeId = AttributeIds.Value },
            new MonitoredItemOptions { NodeId = OwnServerHost.Counter, Trigger = DataChangeTrigger.StatusValueTimestamp },
        ]);

        foreach (var item in items)
        {
            output.WriteLine($"{item.NodeId}: {item.State} {item.Status} sampling {item.RevisedSamplingInterval} queue {item.RevisedQueueSize}");
        }

        Assert.Equal(MonitoredItemState.Active, items[0].State);
        Assert.Equal(10u, items[0].RevisedQueueSize);
        Assert.Equal(MonitoredItemState.Failed, items[1].State);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, items[1].Status.Code);
        Assert.Equal(MonitoredItemState.Failed, items[2].State);
        Assert.Equal(StatusCodes.BadAttributeIdInvalid, items[2].Status.Code);
        Assert.Equal(MonitoredItemState.Active, items[3].State);
    });

    [Fact]
    public Task Creates_100000_monitored_items_each_active_or_failed() => RunAsync(
        new OwnServerSettings { BulkVariables = 100_000, MaxMonitoredItemsPerCall = 10_000, MaxNotificationsPerPublish = 10_000 }, async (host, session) =>
    {
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromSeconds(1) });
        var watch = Stopwatch.StartNew();

        var items = await subscription.AddMonitoredItemsAsync(
            Enumerable.Range(0, 100_000).Select(i => new MonitoredItemOptions { NodeId = OwnServerHost.Bulk(i), SamplingInterval = 5000 }).ToArray());

        var active = items.Count(i => i.State == MonitoredItemState.Active);
        var failed = items.Count(i => i.State == MonitoredItemState.Failed);
        output.WriteLine($"100,000 items in {watch.ElapsedMilliseconds} ms: {active} active, {failed} failed, {host.Requests("CreateMonitoredItemsRequest")} calls");
        Assert.Equal(100_000, items.Count);
        Assert.Equal(100_000, active + failed);
        Assert.All(items.Where(i => i.State == MonitoredItemState.Failed), i => Assert.True(i.Status.IsBad));
        Assert.Equal(100_000, active); // our server has no lower limit, so none should fail

        // Functional, not timed: every item's first value arrives (at most 10,000 per message).
        var seen = new HashSet<uint>();
        await foreach (var batch in subscription.Notifications.ReadAllAsync())
        {
            foreach (var notification in batch.Values)
            {
                seen.Add(notification.ClientHandle);
            }

            if (seen.Count == items.Count)
            {
                break;
            }
        }

        output.WriteLine($"all notified after {watch.ElapsedMilliseconds} ms");
    }, Timeout * 2);

    private static double Last(Dictionary<uint, List<double>> values, MonitoredItem item)
    {
        lock (values)
        {
            return values[item.ClientHandle] is [.., var last] ? last : double.NaN;
        }
    }

    private static int Count(Dictionary<uint, List<double>> values, MonitoredItem item)
    {
        lock (values)
        {
            return values[item.ClientHandle].Count;
        }
    }

    private async Task RunAsync(OwnServerSettings settings, Func<OwnServerHost, UaSession, Task> test, TimeSpan? timeout = null)
    {
        await using var host = await OwnServerHost.StartAsync(settings).WaitAsync(Timeout);
        await using var session = await UaSession.ConnectAsync(OwnSessionTests.Options(host), new TestLogger(output)).WaitAsync(Timeout);
        await test(host, session).WaitAsync(timeout ?? Timeout);
    }
}
