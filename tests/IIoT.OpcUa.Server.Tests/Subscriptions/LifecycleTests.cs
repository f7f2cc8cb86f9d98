using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class LifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_subscription_without_Publish_requests_expires_after_its_lifetime_with_a_BadTimeout_status_change()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100, keepAlive: 1, lifetime: 3);
        h.Clock.AdvanceMs(200);
        Assert.Equal(1, h.Engine.SubscriptionCount);
        Assert.True(IsKeepAlive(Done(h.Publish(SessionA)))); // the owed keep-alive; the request resets the lifetime
        h.Clock.AdvanceMs(200);
        Assert.Equal(1, h.Engine.SubscriptionCount);
        h.Clock.AdvanceMs(100);
        Assert.Equal(0, h.Engine.SubscriptionCount);

        var status = Done(h.Publish(SessionA));
        Assert.Equal(sub, status.SubscriptionId);
        Assert.Equal(StatusCodes.BadTimeout, StatusChange(status)!.Status.Code);
        Assert.Equal(StatusCodes.BadNoSubscription, Done(h.Publish(SessionA)).ResponseHeader.ServiceResult.Code);
        Assert.Equal(0, h.Clock.ActiveTimers);
        await Task.CompletedTask.WaitAsync(Timeout);
    }

    [Fact]
    public async Task UA_R10_TransferSubscriptions_moves_the_subscription_and_tells_the_old_session_Good_SubscriptionTransferred()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100);
        var node = h.Source.Add(new NodeId(1u, 2), 8);
        h.CreateItems(SessionA, sub, Item(node, 1));
        var first = await MonitoredItemTests.PublishChangesAsync(h);
        Assert.Single(first);
        var oldSessionWaiting = h.Publish(SessionA);
        var refused = h.Engine.TransferSubscriptions(SessionB, new TransferSubscriptionsRequest { SubscriptionIds = [sub] }, owner => owner != SessionA);
        Assert.Equal(StatusCodes.BadUserAccessDenied, refused.Results![0].StatusCode.Code);
        Assert.False(oldSessionWaiting.IsCompleted);

        var transfer = h.Engine.TransferSubscriptions(SessionB, new TransferSubscriptionsRequest { SubscriptionIds = [sub, 4242], SendInitialValues = true });

        Assert.Equal(StatusCodes.Good, transfer.ResponseHeader.ServiceResult.Code);
        Assert.Equal(StatusCodes.Good, transfer.Results![0].StatusCode.Code);
        Assert.Equal([1u], transfer.Results[0].AvailableSequenceNumbers!); // seq 1 was never acknowledged
        Assert.Equal(StatusCodes.BadSubscriptionIdInvalid, transfer.Results[1].StatusCode.Code);
        var notice = await oldSessionWaiting.WaitAsync(Timeout);
        Assert.Equal(sub, notice.SubscriptionId);
        Assert.Equal(StatusCodes.GoodSubscriptionTransferred, StatusChange(notice)!.Status.Code);
        Assert.Equal(StatusCodes.BadNoSubscription, Done(h.Publish(SessionA)).ResponseHeader.ServiceResult.Code);

        var onNewSession = h.Publish(SessionB);
        h.Clock.AdvanceMs(100);
        var initial = await onNewSession.WaitAsync(Timeout);
        Assert.Equal(8.0, Assert.Single(DataChanges(initial)).Value.Value.Value); // unchanged, but sendInitialValues
        Assert.Equal(2u, initial.NotificationMessage.SequenceNumber); // the sequence goes on without a gap
        Assert.Equal(StatusCodes.Good, h.Engine.Republish(SessionB, new RepublishRequest { SubscriptionId = sub, RetransmitSequenceNumber = 1 }).ResponseHeader.ServiceResult.Code);

        var nothing = h.Engine.TransferSubscriptions(SessionB, new TransferSubscriptionsRequest { SubscriptionIds = [] });
        Assert.Equal(StatusCodes.BadNothingToDo, nothing.ResponseHeader.ServiceResult.Code);
    }

    [Fact]
    public async Task CloseSession_fails_queued_Publish_requests_and_deletes_the_subscriptions()
    {
        await using var h = new EngineHarness();
        h.Subscribe(SessionA, interval: 1000);
        h.Subscribe(SessionA, interval: 1000);
        var queued = h.Publish(SessionA);

        h.Engine.CloseSession(SessionA, deleteSubscriptions: true);

        Assert.Equal(StatusCodes.BadSessionClosed, (await queued.WaitAsync(Timeout)).ResponseHeader.ServiceResult.Code);
        Assert.Equal(0, h.Engine.SubscriptionCount);
        Assert.Equal(0, h.Clock.ActiveTimers);
    }

    [Fact]
    public async Task UA_R03_orphaned_subscriptions_can_be_transferred_until_their_lifetime_ends()
    {
        await using var h = new EngineHarness();
        var kept = h.Subscribe(SessionA, interval: 100, keepAlive: 1, lifetime: 5);
        var lost = h.Subscribe(SessionA, interval: 100, keepAlive: 1, lifetime: 5);
        var node = h.Source.Add(new NodeId(1u, 2), 1);
        h.CreateItems(SessionA, kept, Item(node, 1));
        h.Engine.CloseSession(SessionA, deleteSubscriptions: false);
        Assert.Equal(2, h.Engine.SubscriptionCount);
        h.Clock.AdvanceMs(400);

        var owners = new List<NodeId>();
        var transfer = h.Engine.TransferSubscriptions(SessionB, new TransferSubscriptionsRequest { SubscriptionIds = [kept] }, owner => { owners.Add(owner); return true; });
        Assert.Equal([SessionA], owners); // the server can check the user of the closed session
        Assert.Equal(StatusCodes.Good, transfer.Results![0].StatusCode.Code);
        var publish = h.Publish(SessionB);
        h.Clock.AdvanceMs(100);
        Assert.Equal(1.0, Assert.Single(DataChanges(await publish.WaitAsync(Timeout))).Value.Value.Value); // queued while orphaned
        Assert.Equal(1, h.Engine.SubscriptionCount); // the other one expired

        var late = h.Engine.TransferSubscriptions(SessionB, new TransferSubscriptionsRequest { SubscriptionIds = [lost] });
        Assert.Equal(StatusCodes.BadSubscriptionIdInvalid, late.Results![0].StatusCode.Code);
    }

    [Fact]
    public async Task UA_R13_limits_on_subscriptions_and_monitored_items_are_enforced_per_operation()
    {
        await using var h = new EngineHarness(new SubscriptionEngineOptions
        {
            MinPublishingInterval = 10, MinSamplingInterval = 10, MaxSubscriptionsPerSession = 2, MaxSubscriptions = 3, MaxMonitoredItemsPerSubscription = 2,
        });
        var sub = h.Subscribe(SessionA);
        h.Subscribe(SessionA);
        Assert.Equal(StatusCodes.BadTooManySubscriptions, h.CreateSubscription(SessionA).ResponseHeader.ServiceResult.Code);
        h.Subscribe(SessionB);
        Assert.Equal(StatusCodes.BadTooManySubscriptions, h.CreateSubscription(SessionB).ResponseHeader.ServiceResult.Code);

        var node = h.Source.Add(new NodeId(1u, 2), 1);
        var results = h.CreateItems(SessionA, sub, Item(node, 1), Item(node, 2), Item(node, 3));
        Assert.Equal([StatusCodes.Good, StatusCodes.Good, StatusCodes.BadTooManyMonitoredItems], results.Select(r => r.StatusCode.Code));

        var wrongSession = h.Engine.CreateMonitoredItems(SessionB, new CreateMonitoredItemsRequest { SubscriptionId = sub, ItemsToCreate = [Item(node, 4)] });
        Assert.Equal(StatusCodes.BadSubscriptionIdInvalid, wrongSession.ResponseHeader.ServiceResult.Code);
        var empty = h.Engine.CreateMonitoredItems(SessionA, new CreateMonitoredItemsRequest { SubscriptionId = sub, ItemsToCreate = [] });
        Assert.Equal(StatusCodes.BadNothingToDo, empty.ResponseHeader.ServiceResult.Code);
    }

    [Fact]
    public async Task DisposeAsync_answers_queued_Publish_requests_with_BadShutdown_and_stops_all_timers()
    {
        var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        h.CreateItems(SessionA, sub, Item(h.Source.Add(new NodeId(1u, 2), 1), 1));
        var queued = h.Publish(SessionA);
        await h.DisposeAsync();
        Assert.Equal(StatusCodes.BadShutdown, (await queued.WaitAsync(Timeout)).ResponseHeader.ServiceResult.Code);
        Assert.Equal(0, h.Clock.ActiveTimers);
        Assert.Equal(StatusCodes.BadShutdown, h.CreateSubscription(SessionA).ResponseHeader.ServiceResult.Code);
    }
}
