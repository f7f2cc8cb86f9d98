using IIoT.OpcUa.Types;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>
/// <see cref="UaSession.TakeOverSubscriptionAsync"/> against a real node-opcua server (it transfers only between sessions
/// of the same user name): the messages the first session received but never acknowledged come back by Republish.
/// </summary>
[Collection(NodeOpcuaCollection.Name)]
public sealed class TakeoverTests(ClientTestServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Takeover_by_the_same_user_republishes_what_the_first_session_did_not_acknowledge() => RunAsync(async () =>
    {
        var options = new ClientOptions
        {
            EndpointUrl = fixture.Server.EndpointUrl,
            Identity = UserIdentity.FromUserName(ClientTestServerFixture.UserName, ClientTestServerFixture.Password),
        };
        var subscriptionOptions = new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100), KeepAliveCount = 5, ManualAcknowledge = true };
        await using var first = await UaSession.ConnectAsync(options, new TestLogger(output));
        var earlier = await first.CreateSubscriptionAsync(subscriptionOptions);
        var item = Assert.Single(await earlier.AddMonitoredItemsAsync([SubscriptionTests.CounterItem(first)]));

        // The first process makes 3 messages durable (acknowledged), then receives 3 more and dies before they are.
        var durable = new List<uint>();
        for (var i = 0; i < 6; i++)
        {
            var batch = await earlier.Notifications.ReadAsync().AsTask().WaitAsync(Timeout);
            if (i < 3)
            {
                durable.AddRange(batch.Values.Select(v => (uint)v.Value.Value.Value!));
                earlier.Acknowledge(batch.SequenceNumber);
            }
        }

        await using var second = await UaSession.ConnectAsync(options, new TestLogger(output));
        await using var subscription = await second.TakeOverSubscriptionAsync(new SubscriptionTakeover
        {
            SubscriptionId = earlier.Id,
            Options = new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100), KeepAliveCount = 5 },
            Items = [new(item.ClientHandle, SubscriptionTests.CounterItem(second))],
        }).WaitAsync(Timeout);
        await using var collector = new CounterCollector(subscription);
        var mark = durable[^1];
        await Wait.UntilAsync(() => collector.Last >= mark + 40, Timeout, "40 counter values after the takeover");

        var takeover = subscription.Takeover!;
        var values = durable.Concat(collector.Values).ToArray();
        output.WriteLine($"{takeover}; durable {durable[0]}..{mark}, then {collector.Values[0]}..{collector.Last}; lost: {string.Join(" ", CounterCollector.Lost(values))}");
        Assert.True(takeover.Transferred, takeover.ToString());
        Assert.True(takeover.RepublishedMessages >= 1 && takeover.RepublishedMessages == takeover.AvailableMessages, takeover.ToString());
        Assert.Empty(collector.Gaps);
        Assert.Equal([], CounterCollector.Lost(values));
    });

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
