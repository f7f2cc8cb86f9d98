using System.Collections.Concurrent;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>A subscription taken over by another session (UA-R10), against a real node-opcua server.</summary>
[Collection(NodeOpcuaCollection.Name)]
public sealed class TransferTests(ClientTestServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task UA_R10_subscription_transferred_away_raises_the_status_and_ends_its_stream() => RunAsync(async () =>
    {
        // node-opcua transfers only between sessions of the same (non-anonymous) user.
        var options = new ClientOptions
        {
            EndpointUrl = fixture.Server.EndpointUrl,
            Identity = UserIdentity.FromUserName(ClientTestServerFixture.UserName, ClientTestServerFixture.Password),
        };
        await using var owner = await UaSession.ConnectAsync(options, new TestLogger(output));
        await using var thief = await UaSession.ConnectAsync(options, new TestLogger(output));
        var statuses = new ConcurrentQueue<SubscriptionStatusEventArgs>();
        owner.SubscriptionStatusChanged += (_, e) => statuses.Enqueue(e);
        var subscription = await owner.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100), KeepAliveCount = 5 });
        await subscription.AddMonitoredItemsAsync([SubscriptionTests.CounterItem(owner)]);
        Assert.True(await subscription.Notifications.WaitToReadAsync());

        var response = await thief.CallAsync<TransferSubscriptionsResponse>(new TransferSubscriptionsRequest { SubscriptionIds = [subscription.Id], SendInitialValues = false });
        var result = Assert.Single(response.Results ?? []);
        Assert.True(result.StatusCode.IsGood, result.StatusCode.ToString());

        await Wait.UntilAsync(() => subscription.IsTransferredAway, Timeout, "GoodSubscriptionTransferred");
        var status = Assert.Single(statuses);
        Assert.Equal(subscription.Id, status.SubscriptionId);
        Assert.Equal(StatusCodes.GoodSubscriptionTransferred, status.Status.Code);
        // The stream ends instead of stalling silently: a reader drains what came before and then stops.
        await foreach (var _ in subscription.Notifications.ReadAllAsync().WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
        }

        Assert.True(subscription.Notifications.Completion.IsCompleted);
        Assert.Equal(SessionState.Connected, owner.State);
        await subscription.DisposeAsync(); // nothing to delete on the server any more; must not throw
    });

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
