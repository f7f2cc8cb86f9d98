using System.Collections.Concurrent;
using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

/// <summary>The engine on the real clock and thread pool: timers, Publish loops, writers and service calls at once.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Real_timers_with_concurrent_publishers_and_service_calls_lose_no_final_value_and_leave_no_sequence_gap()
    {
        var source = new FakeNodeSource();
        await using var engine = new SubscriptionEngine(source, new SubscriptionEngineOptions { MinPublishingInterval = 10, MinSamplingInterval = 10 });
        const int itemsPerSubscription = 500;
        var sessions = new[] { SessionA, SessionB };
        var nodes = new List<NodeId>();
        var subscriptions = new List<(NodeId Session, uint Id)>();
        foreach (var session in sessions)
        {
            for (var s = 0; s < 2; s++)
            {
                var id = engine.CreateSubscription(session, new CreateSubscriptionRequest
                {
                    RequestedPublishingInterval = 20, RequestedMaxKeepAliveCount = 5, RequestedLifetimeCount = 1000, PublishingEnabled = true, MaxNotificationsPerPublish = 300,
                }).SubscriptionId;
                subscriptions.Add((session, id));
                var items = new MonitoredItemCreateRequest[itemsPerSubscription];
                for (var i = 0; i < items.Length; i++)
                {
                    var node = source.Add(new NodeId($"n{nodes.Count}", 2), 0);
                    nodes.Add(node);
                    items[i] = Item(node, (uint)(nodes.Count - 1), samplingInterval: 10);
                }
                var created = engine.CreateMonitoredItems(session, new CreateMonitoredItemsRequest { SubscriptionId = id, TimestampsToReturn = TimestampsToReturn.Both, ItemsToCreate = items });
                Assert.All(created.Results!, r => Assert.True(r.StatusCode.IsGood));
            }
        }

        var latest = new ConcurrentDictionary<uint, double>();
        var lastSequence = new ConcurrentDictionary<uint, uint>();
        var gaps = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var publishers = sessions.Select(session => Task.Run(async () =>
        {
            var acks = new List<SubscriptionAcknowledgement>();
            while (!stop.IsCancellationRequested)
            {
                var response = await engine.PublishAsync(session, new PublishRequest { RequestHeader = new RequestHeader { TimeoutHint = 5000 }, SubscriptionAcknowledgements = [.. acks] }, stop.Token);
                acks.Clear();
                if (response.ResponseHeader.ServiceResult.IsBad) continue;
                var seq = response.NotificationMessage.SequenceNumber;
                if (IsKeepAlive(response))
                {
                    if (lastSequence.TryGetValue(response.SubscriptionId, out var prior) && seq != prior + 1) gaps.Enqueue($"keep-alive {seq} after {prior}");
                    continue;
                }
                if (lastSequence.TryGetValue(response.SubscriptionId, out var last) && seq != last + 1) gaps.Enqueue($"data {seq} after {last}");
                lastSequence[response.SubscriptionId] = seq;
                acks.Add(Ack(response.SubscriptionId, seq));
                foreach (var change in DataChanges(response)) latest[change.ClientHandle] = (double)change.Value.Value.Value!;
            }
        })).ToArray();

        var writer = Task.Run(async () =>
        {
            for (var round = 1; round <= 30; round++)
            {
                for (var i = 0; i < nodes.Count; i++) source.Set(nodes[i], round * 10_000 + i);
                await Task.Delay(5);
            }
        });
        var churn = Task.Run(async () =>
        {
            var extra = source.Add(new NodeId("extra", 2), 1);
            for (var round = 0; round < 30; round++)
            {
                var (session, id) = subscriptions[round % subscriptions.Count];
                var created = engine.CreateMonitoredItems(session, new CreateMonitoredItemsRequest { SubscriptionId = id, ItemsToCreate = [Item(extra, 1_000_000)] });
                engine.ModifySubscription(session, new ModifySubscriptionRequest { SubscriptionId = id, RequestedPublishingInterval = 20 + round % 3, RequestedMaxKeepAliveCount = 5, RequestedLifetimeCount = 1000, MaxNotificationsPerPublish = 300 });
                engine.DeleteMonitoredItems(session, new DeleteMonitoredItemsRequest { SubscriptionId = id, MonitoredItemIds = [created.Results![0].MonitoredItemId] });
                await Task.Delay(3);
            }
        });
        await Task.WhenAll(writer, churn).WaitAsync(TimeSpan.FromSeconds(30));

        await IIoT.Testing.Wait.UntilAsync(
            () => Enumerable.Range(0, nodes.Count).All(i => latest.TryGetValue((uint)i, out var v) && v == 30 * 10_000 + i),
            TimeSpan.FromSeconds(20), "every final value reported");
        await stop.CancelAsync();
        await Task.WhenAll(publishers.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(gaps);
        Assert.All(publishers, p => Assert.True(p.IsCompletedSuccessfully || p.IsCanceled, p.Exception?.ToString()));
    }
}
