using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class TriggeringTests
{
    [Fact]
    public async Task A_notification_of_the_triggering_item_releases_the_queued_values_of_its_sampling_links()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, keepAlive: 1);
        var trigger = h.Source.Add(new NodeId(1u, 2), 0);
        var linked = h.Source.Add(new NodeId(2u, 2), 100);
        var ids = h.CreateItems(SessionA, sub, Item(trigger, 1, mode: MonitoringMode.Sampling), Item(linked, 2, queueSize: 5, mode: MonitoringMode.Sampling))
            .Select(r => r.MonitoredItemId).ToArray();

        var set = h.Engine.SetTriggering(SessionA, new SetTriggeringRequest { SubscriptionId = sub, TriggeringItemId = ids[0], LinksToAdd = [ids[1], 999] });
        Assert.Equal(StatusCodes.Good, set.ResponseHeader.ServiceResult.Code);
        Assert.Equal([StatusCodes.Good, StatusCodes.BadMonitoredItemIdInvalid], set.AddResults!.Select(r => r.Code));

        MonitoredItemTests.Sample(h, linked, 101);
        var quiet = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        Assert.True(IsKeepAlive(await quiet.WaitAsync(TimeSpan.FromSeconds(10)))); // sampled, not reported

        MonitoredItemTests.Sample(h, trigger, 1);
        var released = await MonitoredItemTests.PublishChangesAsync(h);
        Assert.Equal(new[] { 100.0, 101.0 }, released.Where(c => c.ClientHandle == 2).Select(c => (double)c.Value.Value.Value!));
        Assert.DoesNotContain(released, c => c.ClientHandle == 1); // the trigger itself is only Sampling

        var removed = h.Engine.SetTriggering(SessionA, new SetTriggeringRequest { SubscriptionId = sub, TriggeringItemId = ids[0], LinksToRemove = [ids[1], ids[1]] });
        Assert.Equal([StatusCodes.Good, StatusCodes.BadMonitoredItemIdInvalid], removed.RemoveResults!.Select(r => r.Code));
        var unknown = h.Engine.SetTriggering(SessionA, new SetTriggeringRequest { SubscriptionId = sub, TriggeringItemId = 4711, LinksToAdd = [ids[1]] });
        Assert.Equal(StatusCodes.BadMonitoredItemIdInvalid, unknown.ResponseHeader.ServiceResult.Code);
    }
}
