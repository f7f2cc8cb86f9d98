using System.Collections.Concurrent;
using IIoT.OpcUa.Client.Tests.Interop;
using IIoT.OpcUa.Types;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>
/// <see cref="UaSession.TakeOverSubscriptionAsync"/> against our own server: a process that dies (its connection cut,
/// no CloseSession) leaves its subscription at the server, which keeps sampling into the item queue and keeps the
/// messages it sent but never saw acknowledged. A new session of the same user takes it over and gets everything back;
/// an anonymous one or an unknown id is refused and gets a new subscription with a gap instead.
/// </summary>
public sealed class OwnTakeoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(20);
    private static readonly UserIdentity User = UserIdentity.FromUserName(OwnServerHost.UserName, OwnServerHost.Password);

    [Fact]
    public Task Takeover_by_the_same_user_after_the_first_process_died_republishes_the_unacknowledged_messages_and_nothing_is_lost() => RunAsync(async host =>
    {
        await using var proxy = new CuttableTcpProxy(host.Port);
        var (earlier, handle, durable) = await DyingProcessAsync(proxy, User);
        host.StartTicking(TickPeriod);
        var lastDurable = await durable.WaitAcknowledgedAsync();
        // Messages after the last acknowledged one were received but not made durable: the crash window.
        await Wait.UntilAsync(() => durable.Received >= 15, Timeout, "5 messages received but not acknowledged");
        proxy.RefuseNew = true;
        proxy.CutAll();
        var atDeath = host.CounterValue;

        await using var session = await UaSession.ConnectAsync(OwnSessionTests.Options(host, User), new TestLogger(output)).WaitAsync(Timeout);
        await using var subscription = await session.TakeOverSubscriptionAsync(new SubscriptionTakeover
        {
            SubscriptionId = earlier,
            Options = Options(),
            Items = [new(handle, CounterItem())],
            LostSince = DateTime.UtcNow,
        }).WaitAsync(Timeout);
        await using var collector = new CounterCollector(subscription);
        await Wait.UntilAsync(() => collector.Last >= atDeath + 20, Timeout, "20 values after the takeover");

        var takeover = subscription.Takeover!;
        var values = durable.Values.Concat(collector.Values).ToArray();
        output.WriteLine($"takeover {takeover}; durable up to {lastDurable}, counter {atDeath} at death; after: {collector.Values.FirstOrDefault()}..{collector.Last}, "
            + $"{collector.Republished} republished batches; lost: {string.Join(" ", CounterCollector.Lost(values))}");
        Assert.True(takeover.Transferred, takeover.ToString());
        Assert.Equal(earlier, subscription.Id);
        Assert.True(takeover.AvailableMessages >= 1 && takeover.RepublishedMessages == takeover.AvailableMessages, takeover.ToString());
        Assert.Empty(collector.Gaps);
        Assert.Equal([], CounterCollector.Lost(values));
    });

    [Fact]
    public Task Takeover_by_an_anonymous_session_is_refused_and_a_new_subscription_starts_with_the_gap() => RunAsync(async host =>
    {
        await using var proxy = new CuttableTcpProxy(host.Port);
        var (earlier, handle, durable) = await DyingProcessAsync(proxy, UserIdentity.Anonymous);
        host.StartTicking(TickPeriod);
        await durable.WaitAcknowledgedAsync();
        proxy.RefuseNew = true;
        proxy.CutAll();

        var lostSince = DateTime.UtcNow.AddSeconds(-3);
        await using var session = await UaSession.ConnectAsync(OwnSessionTests.Options(host), new TestLogger(output)).WaitAsync(Timeout);
        await using var subscription = await session.TakeOverSubscriptionAsync(new SubscriptionTakeover
        {
            SubscriptionId = earlier,
            Options = Options(),
            Items = [new(handle, CounterItem())],
            LostSince = lostSince,
        }).WaitAsync(Timeout);

        Assert.False(subscription.Takeover!.Transferred);
        Assert.Equal(StatusCodes.BadUserAccessDenied, subscription.Takeover.Status.Code);
        Assert.NotEqual(earlier, subscription.Id);
        var first = await subscription.Notifications.ReadAsync().AsTask().WaitAsync(Timeout);
        var gap = Assert.IsType<DataGap>(first.Gap);
        Assert.Equal(DataGapReason.SubscriptionRecreated, gap.Reason);
        Assert.Equal(lostSince, gap.From);
        Assert.True(gap.To >= lostSince);
        // The new subscription reports under the client handle the caller's mapping knows.
        var next = await subscription.Notifications.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.All(next.Values, v => Assert.Equal(handle, v.ClientHandle));
    });

    [Fact]
    public Task Takeover_of_an_unknown_subscription_id_creates_a_new_one() => RunAsync(async host =>
    {
        await using var session = await UaSession.ConnectAsync(OwnSessionTests.Options(host, User), new TestLogger(output)).WaitAsync(Timeout);
        await using var subscription = await session.TakeOverSubscriptionAsync(new SubscriptionTakeover
        {
            SubscriptionId = 4242,
            Options = Options(),
            Items = [new(7, CounterItem())],
        }).WaitAsync(Timeout);

        Assert.Equal(StatusCodes.BadSubscriptionIdInvalid, subscription.Takeover!.Status.Code);
        Assert.Equal(MonitoredItemState.Active, Assert.Single(subscription.Items).State);
        Assert.NotNull((await subscription.Notifications.ReadAsync().AsTask().WaitAsync(Timeout)).Gap);
        Assert.Equal(7u, (await subscription.Notifications.ReadAsync().AsTask().WaitAsync(Timeout)).Values[0].ClientHandle);
    });

    [Fact]
    public void The_requested_lifetime_covers_MinLifetime_at_the_publishing_interval()
    {
        Assert.Equal(600u, new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) }.RequestedLifetimeCount);
        Assert.Equal(60u, new SubscriptionOptions { PublishingInterval = TimeSpan.FromSeconds(2) }.RequestedLifetimeCount);
        Assert.Equal(30u, new SubscriptionOptions { PublishingInterval = TimeSpan.FromSeconds(2), LifetimeCount = 1, KeepAliveCount = 10 }.RequestedLifetimeCount);
    }

    /// <summary>The first process: a session through <paramref name="proxy"/> that will die with it, and its reader.</summary>
    private async Task<(uint SubscriptionId, uint Handle, DurableReader Reader)> DyingProcessAsync(CuttableTcpProxy proxy, UserIdentity identity)
    {
        var session = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = $"opc.tcp://127.0.0.1:{proxy.Port}",
            Identity = identity,
            AutoReconnect = false, // dead: no reconnect, no CloseSession
            ConnectTimeout = TimeSpan.FromSeconds(5),
        }, new TestLogger(output)).WaitAsync(Timeout);
        var subscription = await session.CreateSubscriptionAsync(Options());
        var item = Assert.Single(await subscription.AddMonitoredItemsAsync([CounterItem()]));
        Assert.Equal(MonitoredItemState.Active, item.State);
        return (subscription.Id, item.ClientHandle, new DurableReader(subscription, 10));
    }

    private static SubscriptionOptions Options() => new()
    {
        PublishingInterval = TimeSpan.FromMilliseconds(100),
        KeepAliveCount = 5,
        ManualAcknowledge = true,
    };

    private static MonitoredItemOptions CounterItem() => new() { NodeId = OwnServerHost.Counter, SamplingInterval = 10, QueueSize = 1000 };

    private static async Task RunAsync(Func<OwnServerHost, Task> test)
    {
        await using var host = await OwnServerHost.StartAsync();
        await test(host).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// The first process's reader: acknowledges (and so counts as durable) the values of the first messages only, then
    /// keeps receiving without acknowledging, as a process that dies before its writes are durable.
    /// </summary>
    private sealed class DurableReader
    {
        private readonly ConcurrentQueue<uint> _durable = new();
        private int _received;
        private int _acknowledged;
        private readonly int _ackLimit;

        public DurableReader(Subscription subscription, int ackLimit)
        {
            _ackLimit = ackLimit;
            _ = Task.Run(() => ReadAsync(subscription));
        }

        public int Received => Volatile.Read(ref _received);

        public uint[] Values => [.. _durable];

        /// <summary>Waits until the first messages are acknowledged; returns the last durable value.</summary>
        public async Task<uint> WaitAcknowledgedAsync()
        {
            await Wait.UntilAsync(() => Volatile.Read(ref _acknowledged) >= _ackLimit, Timeout, $"{_ackLimit} acknowledged messages");
            return _durable.Last();
        }

        private async Task ReadAsync(Subscription subscription)
        {
            await foreach (var batch in subscription.Notifications.ReadAllAsync())
            {
                Interlocked.Increment(ref _received);
                if (batch.Values.Length == 0 || _acknowledged >= _ackLimit)
                {
                    continue;
                }

                foreach (var n in batch.Values)
                {
                    _durable.Enqueue((uint)n.Value.Value.Value!);
                }

                subscription.Acknowledge(batch.SequenceNumber);
                Interlocked.Increment(ref _acknowledged);
            }
        }
    }
}
