using System.Collections.Concurrent;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>
/// Recovery of sessions and subscriptions (RELIABILITY.md B4) against a real node-opcua server: a cut connection
/// (UA-R01), a frozen one (UA-R08) and a server restart (UA-R04). A counter that goes up by one every 20 ms shows
/// any notification lost on the way.
/// </summary>
[Collection(NodeOpcuaCollection.Name)]
public sealed class ReconnectTests(ClientTestServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public Task UA_R01_cut_connection_reconnects_the_same_session_and_loses_no_notification() => RunAsync(async () =>
    {
        await using var proxy = new CuttableTcpProxy(fixture.Server.Port);
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await ConnectAsync(proxy.Port, states);
        var sessionId = session.SessionId;
        await using var subscription = await CounterSubscriptionAsync(session);
        await using var collector = new CounterCollector(subscription);
        await Wait.UntilAsync(() => collector.Values.Length >= 20, Timeout, "20 counter values before the cut");

        proxy.CutAll();
        await Wait.UntilAsync(() => states.Contains(SessionState.Reconnected), Timeout, "Reconnected");
        var mark = collector.Last;
        await Wait.UntilAsync(() => collector.Last >= mark + 30, Timeout, "30 counter values after the reconnect");

        var values = collector.Values;
        output.WriteLine($"{values.Length} values {values[0]}..{values[^1]}, {CounterCollector.Duplicates(values)} duplicates, {collector.Republished} republished batches, states {string.Join(",", states)}");
        Assert.Equal([], CounterCollector.Lost(values));
        Assert.Empty(collector.Gaps);
        Assert.Equal(sessionId, session.SessionId);
        Assert.DoesNotContain(SessionState.SessionRecreated, states);
        Assert.True(session.ReconnectCount >= 1);
        Assert.True(proxy.AcceptedConnections >= 2);
    });

    [Fact]
    public Task Idle_session_notices_a_cut_connection_by_its_keep_alive_read_and_reconnects() => RunAsync(async () =>
    {
        await using var proxy = new CuttableTcpProxy(fixture.Server.Port);
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = $"opc.tcp://127.0.0.1:{proxy.Port}",
            KeepAliveInterval = TimeSpan.FromMilliseconds(200),
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500) },
        }, new TestLogger(output)).WaitAsync(Timeout);
        session.StateChanged += (_, e) => states.Enqueue(e.State);
        var sessionId = session.SessionId;

        proxy.CutAll(); // no subscription, no call in flight: only the keep-alive read can notice
        await Wait.UntilAsync(() => states.Contains(SessionState.Reconnected), Timeout, "Reconnected");

        var state = await session.ReadAsync(new IIoT.OpcUa.Types.NodeId(IIoT.OpcUa.Types.VariableIds.Server_ServerStatus_State));
        Assert.True(state.Status.IsGood);
        Assert.Equal(sessionId, session.SessionId);
        Assert.Equal([SessionState.Reconnecting, SessionState.Reconnected], states);
    });

    [Fact]
    public Task UA_R08_frozen_connection_trips_the_publish_watchdog_and_reconnects() => RunAsync(async () =>
    {
        await using var proxy = new CuttableTcpProxy(fixture.Server.Port);
        var states = new ConcurrentQueue<SessionState>();
        var reasons = new ConcurrentQueue<string>();
        await using var session = await ConnectAsync(proxy.Port, states, reasons);
        await using var subscription = await CounterSubscriptionAsync(session);
        await using var collector = new CounterCollector(subscription);
        await Wait.UntilAsync(() => collector.Values.Length >= 20, Timeout, "20 counter values before the freeze");

        proxy.FreezeAll(); // no reset, no FIN: only the missing Publish responses tell
        await Wait.UntilAsync(() => states.Contains(SessionState.Reconnected), Timeout, "Reconnected");
        var mark = collector.Last;
        await Wait.UntilAsync(() => collector.Last >= mark + 30, Timeout, "30 counter values after the reconnect");

        output.WriteLine($"reasons: {string.Join(" | ", reasons)}; {collector.Republished} republished batches");
        Assert.Contains(reasons, r => r.Contains("No Publish response", StringComparison.Ordinal) && r.Contains("BadTimeout", StringComparison.Ordinal));
        Assert.Equal([], CounterCollector.Lost(collector.Values));
        Assert.Empty(collector.Gaps);
    });

    [Fact]
    public Task UA_R03_session_expired_while_disconnected_new_session_takes_the_subscription_over() => RunAsync(async () =>
    {
        await using var server = await NodeOpcuaServer.StartAsync(new NodeOpcuaServerOptions
        {
            CounterMs = 20,
            UserName = ClientTestServerFixture.UserName,
            Password = ClientTestServerFixture.Password,
            LogSessions = true,
        });
        await using var proxy = new CuttableTcpProxy(server.Port);
        var states = new ConcurrentQueue<SessionState>();
        // node-opcua transfers subscriptions only between sessions of the same non-anonymous user.
        await using var session = await ConnectAsync(proxy.Port, states, identity: UserIdentity.FromUserName(ClientTestServerFixture.UserName, ClientTestServerFixture.Password),
            sessionTimeout: TimeSpan.FromSeconds(2));
        var oldSession = session.SessionId;
        await using var subscription = await CounterSubscriptionAsync(session);
        var subscriptionId = subscription.Id;
        await using var collector = new CounterCollector(subscription);
        await Wait.UntilAsync(() => collector.Values.Length >= 10, Timeout, "10 counter values before the outage");

        proxy.RefuseNew = true;
        proxy.CutAll();
        await Wait.UntilAsync(() => server.Output.Contains("SESSION_CLOSED", StringComparison.Ordinal), Timeout, "the server to expire the session");
        proxy.RefuseNew = false;
        await Wait.UntilAsync(() => states.Contains(SessionState.SessionRecreated), Timeout, "SessionRecreated");
        var mark = collector.Last;
        await Wait.UntilAsync(() => collector.Last >= mark + 20, Timeout, "20 values after the new session");

        var values = collector.Values;
        output.WriteLine($"{values.Length} values, lost: {string.Join(" ", CounterCollector.Lost(values))}; gaps {collector.Gaps.Length}");
        Assert.NotEqual(oldSession, session.SessionId);
        Assert.Equal(subscriptionId, subscription.Id); // transferred, not recreated
        Assert.DoesNotContain(collector.Gaps, g => g.Reason == DataGapReason.SubscriptionRecreated);
        // The orphaned subscription kept queueing (queue size 1000) while no session had it: nothing lost.
        Assert.Equal([], CounterCollector.Lost(values));
    });

    [Fact]
    public Task UA_R04_server_restart_recreates_session_and_subscription_and_values_flow_again() => RunAsync(async () =>
    {
        using var folder = new TempFolder("node-opcua-restart");
        var first = await NodeOpcuaServer.StartAsync(new NodeOpcuaServerOptions { Folder = folder.Path, CounterMs = 20 });
        NodeOpcuaServer? second = null;
        try
        {
            var states = new ConcurrentQueue<SessionState>();
            await using var session = await ConnectAsync(first.Port, states);
            var gapEvents = new ConcurrentQueue<DataGap>();
            session.DataGap += (_, gap) => gapEvents.Enqueue(gap);
            var oldSession = session.SessionId;
            await using var subscription = await CounterSubscriptionAsync(session);
            var oldSubscription = subscription.Id;
            await using var collector = new CounterCollector(subscription);
            await Wait.UntilAsync(() => collector.Values.Length >= 10, Timeout, "10 counter values before the restart");

            await first.StopAsync();
            var before = collector.Values.Length;
            second = await NodeOpcuaServer.StartAsync(new NodeOpcuaServerOptions { Folder = folder.Path, Port = first.Port, CounterMs = 20 });
            await Wait.UntilAsync(() => states.Contains(SessionState.SessionRecreated), Timeout, "SessionRecreated");
            await Wait.UntilAsync(() => collector.GapPositions.Length > 0, Timeout, "the data gap marker");
            var restart = collector.GapPositions[^1];
            await Wait.UntilAsync(() => collector.Values.Length >= restart + 20, Timeout, "20 values from the new server");

            output.WriteLine($"states {string.Join(",", states)}; subscription {oldSubscription} -> {subscription.Id}");
            Assert.NotEqual(oldSession, session.SessionId);
            Assert.Contains(collector.Gaps, g => g.Reason == DataGapReason.SubscriptionRecreated && g.SubscriptionId == oldSubscription);
            Assert.Contains(gapEvents, g => g.Reason == DataGapReason.SubscriptionRecreated);
            Assert.Equal(MonitoredItemState.Active, Assert.Single(subscription.Items).State);
            // Before the gap: the old server's values, in order; after it: the new server's, in order again.
            var values = collector.Values;
            Assert.True(restart >= before, $"gap at {restart}, {before} values before the stop");
            Assert.Equal([], CounterCollector.Jumps(values[..restart]));
            Assert.Equal([], CounterCollector.Jumps(values[restart..]));
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    });

    private async Task<UaSession> ConnectAsync(
        int port, ConcurrentQueue<SessionState> states, ConcurrentQueue<string>? reasons = null, UserIdentity? identity = null, TimeSpan? sessionTimeout = null)
    {
        var session = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = $"opc.tcp://127.0.0.1:{port}",
            Identity = identity ?? UserIdentity.Anonymous,
            SessionTimeout = sessionTimeout ?? TimeSpan.FromMinutes(1),
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500) },
            KeepAliveMargin = TimeSpan.FromSeconds(1), // a loaded test machine must not trip the watchdog by itself
            KeepAliveInterval = TimeSpan.FromMinutes(1), // the publish watchdog, not the idle keep-alive, must notice
            RequestTimeout = TimeSpan.FromSeconds(5),
        }, new TestLogger(output)).WaitAsync(Timeout);
        session.StateChanged += (_, e) =>
        {
            states.Enqueue(e.State);
            if (e.Reason is not null)
            {
                reasons?.Enqueue(e.Reason.Message);
            }
        };
        return session;
    }

    private static async Task<Subscription> CounterSubscriptionAsync(UaSession session)
    {
        var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(100),
            KeepAliveCount = 5,
            LifetimeCount = 300,
        });
        var items = await subscription.AddMonitoredItemsAsync([SubscriptionTests.CounterItem(session)]);
        Assert.Equal(MonitoredItemState.Active, Assert.Single(items).State);
        return subscription;
    }

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(90));
}
