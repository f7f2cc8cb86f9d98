using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

/// <summary>Functional, not timed: 100k items are all created, all reported, in messages of at most the cap.</summary>
public sealed class LargeScaleTests
{
    private const int Count = 100_000;

    [Fact]
    public async Task A_hundred_thousand_items_are_created_and_every_value_is_reported_in_capped_messages()
    {
        await using var h = new EngineHarness(new SubscriptionEngineOptions { MinPublishingInterval = 10, MinSamplingInterval = 10, MaxPublishRequestsPerSession = 20 });
        var sub = h.Subscribe(SessionA, interval: 100, maxNotifications: 0);
        var nodes = new NodeId[Count];
        var requests = new MonitoredItemCreateRequest[Count];
        for (var i = 0; i < Count; i++)
        {
            nodes[i] = h.Source.Add(new NodeId((uint)i + 1, 2), i);
            requests[i] = Item(nodes[i], (uint)i + 1, samplingInterval: 50);
        }

        var results = h.CreateItems(SessionA, sub, requests);

        Assert.All(results, r => Assert.Equal(StatusCodes.Good, r.StatusCode.Code));
        Assert.Equal(2, h.Clock.ActiveTimers); // one publishing timer, one sampling group: no per-item timers
        await AssertAllReportedAsync(h, i => i);

        for (var i = 0; i < Count; i++) h.Source.Set(nodes[i], -i - 1);
        await AssertAllReportedAsync(h, i => -i - 1);
        Assert.False(h.Publish(SessionA).IsCompleted); // nothing left over: a further request waits
    }

    private static async Task AssertAllReportedAsync(EngineHarness h, Func<int, double> expected)
    {
        var publishes = Enumerable.Range(0, 10).Select(_ => h.Publish(SessionA)).ToArray();
        h.Clock.AdvanceMs(100);
        var seen = new bool[Count];
        var messages = 0;
        foreach (var publish in publishes)
        {
            var response = await publish.WaitAsync(TimeSpan.FromSeconds(30));
            var changes = DataChanges(response);
            Assert.Equal(10_000, changes.Length); // the server cap per NotificationMessage
            Assert.Equal(++messages < publishes.Length, response.MoreNotifications);
            foreach (var change in changes)
            {
                var index = (int)change.ClientHandle - 1;
                Assert.False(seen[index]);
                seen[index] = true;
                Assert.Equal(expected(index), change.Value.Value.Value);
            }
        }
        Assert.DoesNotContain(false, seen);
    }
}
