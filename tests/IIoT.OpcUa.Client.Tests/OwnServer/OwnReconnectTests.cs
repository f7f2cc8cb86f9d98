using System.Collections.Concurrent;
using IIoT.OpcUa.Client.Tests.Interop;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>
/// Recovery of sessions and subscriptions (RELIABILITY.md B4) against our own server: a cut connection (UA-R01), a
/// session that expired while cut (UA-R03), a server restart on the same port (UA-R04) and a frozen connection
/// (UA-R08). The test drives a UInt32 counter one step at a time (each step sampled by the server before the next),
/// so any value missing at the client was lost between server and client.
/// </summary>
public sealed class OwnReconnectTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(20);

    [Fact]
    public Task UA_R01_cut_connection_reconnects_the_same_session_and_Republish_fills_the_gap() => RunAsync(async host =>
    {
        await using var proxy = new CuttableTcpProxy(host.Port);
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await ConnectAsync(proxy.Port, states);
        var sessionId = session.SessionId;
        await using var subscription = await CounterSubscriptionAsync(session);
        await using var collector = new CounterCollector(subscription);
        host.StartTicking(TickPeriod);
        await Wait.UntilAsync(() => collector.Values.Length >= 20, Timeout, "20 counter values before the cut");

        proxy.CutAll();
        await Wait.UntilAsync(() => states.Contains(SessionState.Reconnected), Timeout, "Reconnected");
        var mark = host.CounterValue;
        await Wait.UntilAsync(() => collector.Last >= mark + 30, Timeout, "30 counter values after the reconnect");

        var values = collector.Values;
        output.WriteLine($"{values.Length} values {values[0]}..{values[^1]}, {CounterCollector.Duplicates(values)} duplicates, "
            + $"{collector.Republished} republished batches, {host.Requests("RepublishRequest")} Republish calls, states {string.Join(",", states)}");
        Assert.Equal([], CounterCollector.Lost(values));
        Assert.Empty(collector.Gaps);
        Assert.Equal(sessionId, session.SessionId);
        Assert.DoesNotContain(SessionState.SessionRecreated, states);
        Assert.Equal(1, host.Server.SessionCount);
        Assert.Equal(0, host.ExpiredSessions);
        Assert.True(proxy.AcceptedConnections >= 2);
    });

    [Fact]
    public Task UA_R01_responses_lost_in_flight_at_the_cut_come_back_by_Republish() => RunAsync(async host =>
    {
        await using var proxy = new CuttableTcpProxy(host.Port);
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await ConnectAsync(proxy.Port, states);
        var sessionId = session.SessionId;
        await using var subscription = await CounterSubscriptionAsync(session);
        await using var collector = new CounterCollector(subscription);
        host.StartTicking(TickPeriod);
        await Wait.UntilAsync(() => collector.Values.Length >= 20, Timeout, "20 counter values before the cut");

        // Frozen first: the server writes its Publish responses into the proxy, which holds them; the cut then drops
        // them. The server counts them as sent, so only Republish can bring them back (well before the 1.5 s watchdog).
        proxy.FreezeAll();
        var frozenAt = host.CounterValue;
        await Wait.UntilAsync(() => host.CounterValue >= frozenAt + 10, Timeout, "10 counter changes while frozen");
        proxy.CutAll();
        await Wait.UntilAsync(() => states.Contains(SessionState.Reconnected), Timeout, "Reconnected");
        var mark = host.CounterValue;
        await Wait.UntilAsync(() => collector.Last >= mark + 20, Timeout, "20 counter values after the reconnect");

        var values = collector.Values;
        output.WriteLine($"{values.Length} values {values[0]}..{values[^1]}, {CounterCollector.Duplicates(values)} duplicates, "
            + $"{collector.Republished} republished batches, {host.Requests("RepublishRequest")} Republish calls, states {string.Join(",", states)}");
        Assert.True(collector.Republished >= 1, "nothing came back by Republish");
        Assert.Equal([], CounterCollector.Lost(values));
        Assert.Empty(collector.Gaps);
        Assert.Equal(sessionId, session.SessionId);
        Assert.DoesNotContain(SessionState.SessionRecreated, states);
    });

    [Fact]
    public Task Idle_session_notices_a_cut_connection_by_its_keep_alive_read_and_reconnects() => RunAsync(async host =>
    {
        await using var proxy = new CuttableTcpProxy(host.Port);
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = $"opc.tcp://127.0.0.1:{proxy.Port}",
            KeepAliveInterval = TimeSpan.FromMilliseconds(200),
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500) },
        }, new TestLogger(output));
        session.StateChanged += (_, e) => states.Enqueue(e.State);
        var sessionId = session.SessionId;

        proxy.CutAll(); // no subscription, no call in flight: only the keep-alive read can notice
        await Wait.UntilAsync(() => states.Contains(SessionState.Reconnected), Timeout, "Reconnected");

        Assert.Equal(2.5, (await session.ReadAsync(OwnServerHost.ReadOnly)).Value.Value);
        Assert.Equal(sessionId, session.SessionId);
        Assert.Equal([SessionState.Reconnecting, SessionState.Reconnected], states);
    });

    [Fact]
    public Task UA_R03_session_expired_while_cut_new_session_transfers_the_subscription_and_nothing_is_lost() => RunAsync(async host =>
    {
        await using var proxy = new CuttableTcpProxy(host.Port);
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await ConnectAsync(proxy.Port, states, UserIdentity.FromUserName(OwnServerHost.UserName, OwnServerHost.Password),
            sessionTimeout: TimeSpan.FromSeconds(1));
        var oldSession = session.SessionId;
        await using var subscription = await CounterSubscriptionAsync(session);
        var subscriptionId = subscription.Id;
        await using var collector = new CounterCollector(subscription);
        host.StartTicking(TickPeriod);
        await Wait.UntilAsync(() => collector.Values.Length >= 10, Timeout, "10 counter values before the outage");

        proxy.RefuseNew = true;
        proxy.CutAll();
        await Wait.UntilAsync(() => host.ExpiredSessions >= 1, Timeout, "the server to expire the session");
        var atExpiry = host.CounterValue;
        proxy.RefuseNew = false;
        await Wait.UntilAsync(() => states.Contains(SessionState.SessionRecreated), Timeout, "SessionRecreated");
        var mark = host.CounterValue;
        await Wait.UntilAsync(() => collector.Last >= mark + 20, Timeout, "20 values after the new session");

        var values = collector.Values;
        output.WriteLine($"{values.Length} values {values[0]}..{values[^1]}, counter {atExpiry} at expiry; lost: {string.Join(" ", CounterCollector.Lost(values))}; "
            + $"gaps {collector.Gaps.Length}; {host.Requests("TransferSubscriptionsRequest")} transfers; states {string.Join(",", states)}");
        Assert.NotEqual(oldSession, session.SessionId);
        Assert.Equal(subscriptionId, subscription.Id); // transferred, not recreated
        Assert.Equal(1, host.Requests("TransferSubscriptionsRequest"));
        Assert.Empty(collector.Gaps);
        // The orphaned subscription kept sampling into the item queue (size 1000) while no session had it: nothing lost.
        Assert.Equal([], CounterCollector.Lost(values));
        Assert.Equal(1, host.Server.SessionCount);
    });

    [Fact]
    public Task UA_R04_server_restart_recreates_session_and_subscription_reports_a_gap_and_values_flow_again() => RunAsync(async host =>
    {
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await ConnectAsync(host.Port, states);
        var gapEvents = new ConcurrentQueue<DataGap>();
        session.DataGap += (_, gap) => gapEvents.Enqueue(gap);
        var oldSession = session.SessionId;
        await using var subscription = await CounterSubscriptionAsync(session);
        var oldSubscription = subscription.Id;
        await using var collector = new CounterCollector(subscription);
        host.StartTicking(TickPeriod);
        await Wait.UntilAsync(() => collector.Values.Length >= 10, Timeout, "10 counter values before the restart");

        await host.RestartAsync();
        await Wait.UntilAsync(() => states.Contains(SessionState.SessionRecreated), Timeout, "SessionRecreated");
        await Wait.UntilAsync(() => collector.GapPositions.Length > 0, Timeout, "the data gap marker");
        var restart = collector.GapPositions[^1];
        await Wait.UntilAsync(() => collector.Values.Length >= restart + 20, Timeout, "20 values from the new server");

        var values = collector.Values;
        output.WriteLine($"states {string.Join(",", states)}; subscription {oldSubscription} -> {subscription.Id}; gap at {restart} of {values.Length}: "
            + $"{values[restart - 1]} | {values[restart]}; gaps {string.Join(" ", collector.Gaps.Select(g => g.ToString()))}");
        Assert.NotEqual(oldSession, session.SessionId);
        Assert.NotEqual(oldSubscription, subscription.Id);
        var gap = Assert.Single(collector.Gaps);
        Assert.Equal(DataGapReason.SubscriptionRecreated, gap.Reason);
        Assert.Equal(oldSubscription, gap.SubscriptionId);
        Assert.Contains(gapEvents, g => g.Reason == DataGapReason.SubscriptionRecreated);
        Assert.Equal(MonitoredItemState.Active, Assert.Single(subscription.Items).State);
        Assert.Equal(1, host.Server.SessionCount);
        // Before the gap: the old server's values, in order; after it: the new server's, in order again, starting with
        // the value the new server was started with (the recreated item's initial value).
        Assert.Equal([], CounterCollector.Jumps(values[..restart]));
        Assert.Equal([], CounterCollector.Jumps(values[restart..]));
        Assert.True(values[restart] >= values[restart - 1], $"{values[restart - 1]} -> {values[restart]}");
    });

    [Fact]
    public Task UA_R08_frozen_connection_trips_the_publish_watchdog_and_reconnects() => RunAsync(async host =>
    {
        await using var proxy = new CuttableTcpProxy(host.Port);
        var states = new ConcurrentQueue<SessionState>();
        var reasons = new ConcurrentQueue<string>();
        await using var session = await ConnectAsync(proxy.Port, states, reasons: reasons);
        var sessionId = session.SessionId;
        await using var subscription = await CounterSubscriptionAsync(session);
        await using var collector = new CounterCollector(subscription);
        host.StartTicking(TickPeriod);
        await Wait.UntilAsync(() => collector.Values.Length >= 20, Timeout, "20 counter values before the freeze");

        proxy.FreezeAll(); // no reset, no FIN: only the missing Publish responses tell
        await Wait.UntilAsync(() => states.Contains(SessionState.Reconnected), Timeout, "Reconnected");
        var mark = host.CounterValue;
        await Wait.UntilAsync(() => collector.Last >= mark + 30, Timeout, "30 counter values after the reconnect");

        output.WriteLine($"reasons: {string.Join(" | ", reasons)}; {collector.Republished} republished batches; states {string.Join(",", states)}");
        Assert.Contains(reasons, r => r.Contains("No Publish response", StringComparison.Ordinal) && r.Contains("BadTimeout", StringComparison.Ordinal));
        Assert.Equal([], CounterCollector.Lost(collector.Values));
        Assert.Empty(collector.Gaps);
        Assert.Equal(sessionId, session.SessionId);
    });

    private async Task<UaSession> ConnectAsync(
        int port, ConcurrentQueue<SessionState> states, UserIdentity? identity = null, TimeSpan? sessionTimeout = null, ConcurrentQueue<string>? reasons = null)
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
            ConnectTimeout = TimeSpan.FromSeconds(5),
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

    internal static async Task<Subscription> CounterSubscriptionAsync(UaSession session)
    {
        var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(100),
            KeepAliveCount = 5,
            LifetimeCount = 300,
        });
        var items = await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions { NodeId = OwnServerHost.Counter, SamplingInterval = 10, QueueSize = 1000 }]);
        Assert.Equal(MonitoredItemState.Active, Assert.Single(items).State);
        return subscription;
    }

    private static async Task RunAsync(Func<OwnServerHost, Task> test)
    {
        await using var host = await OwnServerHost.StartAsync();
        await test(host).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
