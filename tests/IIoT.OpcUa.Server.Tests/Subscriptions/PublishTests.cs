using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class PublishTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task UA_R09_keep_alive_count_one_with_two_queued_requests_answers_one_per_publishing_interval()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100, keepAlive: 1, lifetime: 10);
        var first = h.Publish(SessionA);
        var second = h.Publish(SessionA);

        h.Clock.AdvanceMs(99);
        Assert.False(first.IsCompleted);
        h.Clock.AdvanceMs(1);
        var keepAlive1 = await first.WaitAsync(Timeout);
        Assert.False(second.IsCompleted);

        h.Clock.AdvanceMs(99);
        Assert.False(second.IsCompleted);
        h.Clock.AdvanceMs(1);
        var keepAlive2 = await second.WaitAsync(Timeout);

        foreach (var response in new[] { keepAlive1, keepAlive2 })
        {
            Assert.Equal(StatusCodes.Good, response.ResponseHeader.ServiceResult.Code);
            Assert.True(IsKeepAlive(response));
            Assert.Equal(sub, response.SubscriptionId);
            Assert.Equal(1u, response.NotificationMessage.SequenceNumber); // the next number, not consumed
            Assert.Empty(response.AvailableSequenceNumbers!);
        }
        Assert.Equal(1, h.Engine.SubscriptionCount);
    }

    [Fact]
    public async Task UA_R07_first_response_is_a_keep_alive_with_seq_1_then_data_takes_seq_1_and_keep_alives_follow_the_count()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100, keepAlive: 3, lifetime: 30);
        var keepAlive = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        var first = await keepAlive.WaitAsync(Timeout);
        Assert.True(IsKeepAlive(first)); // the first cycle always answers (§5.13.1.2)
        Assert.Equal(1u, first.NotificationMessage.SequenceNumber);

        var node = h.Source.Add(new NodeId(1u, 2), 5);
        h.CreateItems(SessionA, sub, Item(node, 1));
        var data = await MonitoredItemTests.PublishChangesAsync(h);
        Assert.Single(data);

        var next = h.Publish(SessionA, 0, default, Ack(sub, 1));
        h.Clock.AdvanceMs(200);
        Assert.False(next.IsCompleted); // two empty cycles: below the keep-alive count
        h.Clock.AdvanceMs(100);
        var second = await next.WaitAsync(Timeout);
        Assert.True(IsKeepAlive(second));
        Assert.Equal(2u, second.NotificationMessage.SequenceNumber);
        Assert.Equal([StatusCodes.Good], second.Results!.Select(r => r.Code));
    }

    [Fact]
    public async Task UA_R06_sequence_numbers_roll_over_from_uint_max_to_1_never_0()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100, keepAlive: 1);
        var node = h.Source.Add(new NodeId(1u, 2), 0);
        h.CreateItems(SessionA, sub, Item(node, 1));
        h.Engine.SetNextSequenceNumber(sub, uint.MaxValue - 1);

        var seen = new List<uint>();
        for (var i = 0; i < 3; i++)
        {
            var publish = h.Publish(SessionA);
            h.Clock.AdvanceMs(100);
            var response = await publish.WaitAsync(Timeout);
            Assert.False(IsKeepAlive(response));
            seen.Add(response.NotificationMessage.SequenceNumber);
            if (i < 2) h.Source.Set(node, i + 1); // sampled before the next cycle
        }
        Assert.Equal([uint.MaxValue - 1, uint.MaxValue, 1u], seen);

        var keepAlive = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        var last = await keepAlive.WaitAsync(Timeout);
        Assert.True(IsKeepAlive(last));
        Assert.Equal(2u, last.NotificationMessage.SequenceNumber);
    }

    [Fact]
    public async Task Acknowledgements_report_per_ack_and_Republish_returns_retained_messages_until_gone()
    {
        await using var h = new EngineHarness(new SubscriptionEngineOptions { MinPublishingInterval = 10, MinSamplingInterval = 10, MaxRetransmissionQueueSize = 2 });
        var sub = h.Subscribe(SessionA, interval: 100, keepAlive: 10);
        var node = h.Source.Add(new NodeId(1u, 2), 0);
        h.CreateItems(SessionA, sub, Item(node, 1));
        var messages = new List<PublishResponse>();
        for (var i = 1; i <= 3; i++)
        {
            var publish = h.Publish(SessionA);
            h.Clock.AdvanceMs(90);
            h.Source.Set(node, i);
            h.Clock.AdvanceMs(10);
            messages.Add(await publish.WaitAsync(Timeout));
        }
        Assert.Equal([1u, 2u, 3u], messages.Select(m => m.NotificationMessage.SequenceNumber));
        Assert.Equal([2u, 3u], messages[2].AvailableSequenceNumbers!); // bounded: seq 1 was dropped

        var republished = h.Engine.Republish(SessionA, new RepublishRequest { SubscriptionId = sub, RetransmitSequenceNumber = 2 });
        Assert.Equal(StatusCodes.Good, republished.ResponseHeader.ServiceResult.Code);
        Assert.Same(messages[1].NotificationMessage, republished.NotificationMessage);
        var gone = h.Engine.Republish(SessionA, new RepublishRequest { SubscriptionId = sub, RetransmitSequenceNumber = 1 });
        Assert.Equal(StatusCodes.BadMessageNotAvailable, gone.ResponseHeader.ServiceResult.Code);
        var foreign = h.Engine.Republish(SessionB, new RepublishRequest { SubscriptionId = sub, RetransmitSequenceNumber = 2 });
        Assert.Equal(StatusCodes.BadSubscriptionIdInvalid, foreign.ResponseHeader.ServiceResult.Code);

        var acked = h.Publish(SessionA, 0, default, Ack(sub, 2), Ack(sub, 2), Ack(sub, 1), Ack(sub + 100, 3));
        Assert.Equal(
            [StatusCodes.Good, StatusCodes.BadSequenceNumberUnknown, StatusCodes.BadSequenceNumberUnknown, StatusCodes.BadSubscriptionIdInvalid],
            (await AnswerAsync(h, acked)).Results!.Select(r => r.Code));
        var afterAck = h.Engine.Republish(SessionA, new RepublishRequest { SubscriptionId = sub, RetransmitSequenceNumber = 2 });
        Assert.Equal(StatusCodes.BadMessageNotAvailable, afterAck.ResponseHeader.ServiceResult.Code);
    }

    [Fact]
    public async Task MaxNotificationsPerPublish_splits_a_burst_with_MoreNotifications_and_late_requests_get_the_rest_at_once()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100, maxNotifications: 10);
        var items = Enumerable.Range(1, 25).Select(i => Item(h.Source.Add(new NodeId((uint)i, 2), i), (uint)i)).ToArray();
        h.CreateItems(SessionA, sub, items);

        var first = h.Publish(SessionA);
        var second = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        var r1 = await first.WaitAsync(Timeout);
        var r2 = await second.WaitAsync(Timeout);
        Assert.Equal((10, true, 1u), (DataChanges(r1).Length, r1.MoreNotifications, r1.NotificationMessage.SequenceNumber));
        Assert.Equal((10, true, 2u), (DataChanges(r2).Length, r2.MoreNotifications, r2.NotificationMessage.SequenceNumber));

        var late = h.Publish(SessionA); // no cycle needed: the rest is waiting
        var r3 = Done(late);
        Assert.Equal((5, false, 3u), (DataChanges(r3).Length, r3.MoreNotifications, r3.NotificationMessage.SequenceNumber));
        var handles = new[] { r1, r2, r3 }.SelectMany(DataChanges).Select(c => c.ClientHandle).ToHashSet();
        Assert.Equal(25, handles.Count);
    }

    [Fact]
    public async Task The_byte_budget_splits_large_values_into_several_messages_without_losing_any()
    {
        await using var h = new EngineHarness(new SubscriptionEngineOptions { MinPublishingInterval = 10, MinSamplingInterval = 10, MaxNotificationMessageBytes = 1024 });
        var sub = h.Subscribe(SessionA, interval: 100);
        var items = new MonitoredItemCreateRequest[10];
        for (var i = 0; i < items.Length; i++)
        {
            var node = h.Source.Add(new NodeId((uint)i + 1, 2), 0);
            h.Source.Set(node, new DataValue { Value = Variant.From(new string((char)('a' + i), 300)) });
            items[i] = Item(node, (uint)i + 1);
        }
        h.CreateItems(SessionA, sub, items);

        var publishes = Enumerable.Range(0, 3).Select(_ => h.Publish(SessionA)).ToArray();
        var spare = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        var responses = await Task.WhenAll(publishes).WaitAsync(Timeout);

        // 4 bytes count + 4 x ~310 bytes crosses 1024 at the 4th value: 4 + 4 + 2 values.
        Assert.Equal([4, 4, 2], responses.Select(r => DataChanges(r).Length));
        Assert.Equal([true, true, false], responses.Select(r => r.MoreNotifications));
        Assert.False(spare.IsCompleted); // all delivered: the spare waits for the next change or keep-alive
        var values = responses.SelectMany(DataChanges).Select(c => (string)c.Value.Value.Value!).ToArray();
        Assert.Equal(10, values.Distinct().Count());
    }

    [Fact]
    public async Task A_late_Publish_request_gets_data_queued_while_none_was_waiting_at_once()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100);
        h.CreateItems(SessionA, sub, Item(h.Source.Add(new NodeId(1u, 2), 3), 1));
        h.Clock.AdvanceMs(100); // the cycle finds data but no request
        var response = Done(h.Publish(SessionA));
        Assert.Single(DataChanges(response));
        Assert.Equal(1u, response.NotificationMessage.SequenceNumber);
        await Task.CompletedTask.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_Publish_request_goes_to_the_waiting_subscription_with_the_highest_priority()
    {
        await using var h = new EngineHarness();
        var node = h.Source.Add(new NodeId(1u, 2), 1);
        var ids = new List<uint>();
        foreach (var priority in new byte[] { 1, 9, 5 })
        {
            var id = h.Engine.CreateSubscription(SessionA, new CreateSubscriptionRequest { RequestedPublishingInterval = 100, RequestedMaxKeepAliveCount = 10, PublishingEnabled = true, Priority = priority }).SubscriptionId;
            h.CreateItems(SessionA, id, Item(node, priority));
            ids.Add(id);
        }
        h.Clock.AdvanceMs(100); // all three have data, none has a request

        var order = new[] { Done(h.Publish(SessionA)), Done(h.Publish(SessionA)), Done(h.Publish(SessionA)) }.Select(r => r.SubscriptionId);
        Assert.Equal([ids[1], ids[2], ids[0]], order);
        await Task.CompletedTask.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Publish_requests_past_their_TimeoutHint_fail_with_BadTimeout_and_cancellation_cancels()
    {
        await using var h = new EngineHarness();
        h.Subscribe(SessionA, interval: 1000, keepAlive: 10);
        var timed = h.Publish(SessionA, timeoutHint: 50);
        using var cts = new CancellationTokenSource();
        var cancelled = h.Publish(SessionA, 0, cts.Token);
        h.Clock.AdvanceMs(49);
        Assert.False(timed.IsCompleted);
        h.Clock.AdvanceMs(1);
        Assert.Equal(StatusCodes.BadTimeout, (await timed.WaitAsync(Timeout)).ResponseHeader.ServiceResult.Code);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
    }

    [Fact]
    public async Task UA_R13_too_many_queued_Publish_requests_fail_the_oldest_with_BadTooManyPublishRequests()
    {
        await using var h = new EngineHarness(new SubscriptionEngineOptions { MinPublishingInterval = 10, MinSamplingInterval = 10, MaxPublishRequestsPerSession = 2 });
        h.Subscribe(SessionA, interval: 1000);
        var oldest = h.Publish(SessionA);
        var middle = h.Publish(SessionA);
        var newest = h.Publish(SessionA);
        Assert.Equal(StatusCodes.BadTooManyPublishRequests, Done(oldest).ResponseHeader.ServiceResult.Code);
        Assert.False(middle.IsCompleted);
        Assert.False(newest.IsCompleted);
        h.Clock.AdvanceMs(1000);
        Assert.True(IsKeepAlive(await middle.WaitAsync(Timeout)));
    }

    [Fact]
    public async Task Publish_without_subscriptions_fails_with_BadNoSubscription_also_when_the_last_one_is_deleted()
    {
        await using var h = new EngineHarness();
        Assert.Equal(StatusCodes.BadNoSubscription, Done(h.Publish(SessionA)).ResponseHeader.ServiceResult.Code);

        var sub = h.Subscribe(SessionA, interval: 1000);
        var queued = h.Publish(SessionA);
        var deleted = h.Engine.DeleteSubscriptions(SessionA, new DeleteSubscriptionsRequest { SubscriptionIds = [sub, sub] });
        Assert.Equal([StatusCodes.Good, StatusCodes.BadSubscriptionIdInvalid], deleted.Results!.Select(r => r.Code));
        Assert.Equal(StatusCodes.BadNoSubscription, (await queued.WaitAsync(Timeout)).ResponseHeader.ServiceResult.Code);
        Assert.Equal(0, h.Clock.ActiveTimers);
    }

    [Fact]
    public async Task Disabled_publishing_sends_keep_alives_and_keeps_the_data_for_later()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100, keepAlive: 1);
        h.CreateItems(SessionA, sub, Item(h.Source.Add(new NodeId(1u, 2), 3), 1));
        var mode = h.Engine.SetPublishingMode(SessionA, new SetPublishingModeRequest { PublishingEnabled = false, SubscriptionIds = [sub, 77] });
        Assert.Equal([StatusCodes.Good, StatusCodes.BadSubscriptionIdInvalid], mode.Results!.Select(r => r.Code));

        var keepAlive = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        Assert.True(IsKeepAlive(await keepAlive.WaitAsync(Timeout)));

        h.Engine.SetPublishingMode(SessionA, new SetPublishingModeRequest { PublishingEnabled = true, SubscriptionIds = [sub] });
        Assert.Single(await MonitoredItemTests.PublishChangesAsync(h));
    }

    private static async Task<PublishResponse> AnswerAsync(EngineHarness h, Task<PublishResponse> publish)
    {
        h.Clock.AdvanceMs(100 * 10);
        return await publish.WaitAsync(Timeout);
    }
}
