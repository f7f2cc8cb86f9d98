using System.Collections.Concurrent;
using IIoT.OpcUa.Client.Tests.Interop;
using IIoT.OpcUa.Client.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.Subscriptions;

/// <summary>The publish loop against a <see cref="ScriptedServer"/> that answers Publish and Republish as each test says.</summary>
public sealed class PublishTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public Task UA_R05_out_of_order_and_duplicate_responses_are_delivered_in_order_once_and_acknowledged_once() => RunAsync(async (server, session, subscription) =>
    {
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 2, 20));
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 1, 10));
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 2, 20)); // duplicate
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 3, 30));

        var values = await ReadValuesAsync(subscription, 3);
        Assert.Equal([10u, 20u, 30u], values);

        // The acknowledgements ride on the following requests: each sequence number exactly once.
        await Wait.UntilAsync(() => server.Acknowledged.Count >= 3, Timeout, "three acknowledgements");
        Assert.Equal([1u, 2u, 3u], server.Acknowledged.Order());
        Assert.Empty(server.RepublishRequests);
    });

    [Fact]
    public Task UA_R07_first_keep_alive_with_seq_1_then_data_causes_no_republish() => RunAsync(async (server, session, subscription) =>
    {
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.KeepAlive(s, 1));
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 1, 10));
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.KeepAlive(s, 2));
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 2, 20));
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.KeepAlive(s, 3));

        Assert.Equal([10u, 20u], await ReadValuesAsync(subscription, 2));
        await server.NextPublishAsync().AsTask().WaitAsync(Timeout); // one more round trip after the last keep-alive
        Assert.Empty(server.RepublishRequests);
    });

    [Fact]
    public Task UA_R02_missing_messages_are_republished_and_what_is_gone_becomes_a_gap() => RunAsync(async (server, session, subscription) =>
    {
        var gaps = new ConcurrentQueue<DataGap>();
        session.DataGap += (_, gap) => gaps.Enqueue(gap);
        server.OnRepublish = request => request.RetransmitSequenceNumber == 2
            ? new RepublishResponse { NotificationMessage = ScriptedServer.Message(2, 20) }
            : ScriptedServer.Fault(StatusCodes.BadMessageNotAvailable);

        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 1, 10));
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 4, 40)); // 2 and 3 lost on the way
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.KeepAlive(s, 5));

        var batches = await ReadBatchesAsync(subscription, 4);
        Assert.Equal([10u], Values(batches[0]));
        Assert.Equal([20u], Values(batches[1]));
        Assert.True(batches[1].Republished);
        var gap = Assert.IsType<DataGap>(batches[2].Gap);
        Assert.Equal((3u, 3u, DataGapReason.MessagesLost), (gap.FirstSequenceNumber, gap.LastSequenceNumber, gap.Reason));
        Assert.Equal([40u], Values(batches[3]));
        Assert.Equal([2u, 3u], server.RepublishRequests.Order());
        Assert.Single(gaps);
    });

    [Fact]
    public Task UA_R06_rollover_from_uint_max_to_1_is_no_gap() => RunAsync(async (server, session, subscription) =>
    {
        // A subscription that is far along: the server's first message is near the top of the range.
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, uint.MaxValue - 1, 1));
        Assert.Equal([1u], await ReadValuesAsync(subscription, 1)); // the baseline, before anything else arrives
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 1, 3)); // out of order across the wrap
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, uint.MaxValue, 2));
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 2, 4));

        Assert.Equal([2u, 3u, 4u], await ReadValuesAsync(subscription, 3));
        await Wait.UntilAsync(() => server.Acknowledged.Count >= 4, Timeout, "four acknowledgements");
        Assert.Equal([1u, 2u, uint.MaxValue - 1, uint.MaxValue], server.Acknowledged.Order());
        Assert.Empty(server.RepublishRequests);
    });

    [Fact]
    public Task UA_R13_BadTooManyPublishRequests_lowers_requests_in_flight_without_spinning() => RunAsync(async (server, session, subscription) =>
    {
        for (var i = 0; i < 3; i++)
        {
            server.Respond(await server.NextPublishAsync(), _ => ScriptedServer.Fault(StatusCodes.BadTooManyPublishRequests));
        }

        await Wait.UntilAsync(() => session.PublishRequestsAllowed == 1, Timeout, "one publish request in flight");
        var before = server.PublishRequests.Count;
        // Answer nothing for a while: with back-off the client cannot flood the server.
        var start = DateTime.UtcNow;
        await Wait.UntilAsync(() => DateTime.UtcNow - start > TimeSpan.FromSeconds(1), Timeout, "one second");
        var sent = server.PublishRequests.Count - before;
        output.WriteLine($"{sent} publish requests in 1 s after the throttle");
        Assert.InRange(sent, 0, 4);

        // Still working: data gets through.
        server.Respond(await server.NextPublishAsync(), s => ScriptedServer.Data(s, 1, 10));
        Assert.Equal([10u], await ReadValuesAsync(subscription, 1));
    }, publishRequests: 3);

    [Fact]
    public async Task UA_R12_the_watchdog_uses_the_revised_keep_alive_not_the_requested_one()
    {
        await using var server = new ScriptedServer { RevisedPublishingInterval = 50, RevisedKeepAliveCount = 2 };
        var states = new ConcurrentQueue<SessionStateChangedEventArgs>();
        await using var session = await Connect(server, keepAliveMargin: TimeSpan.FromMilliseconds(200));
        session.StateChanged += (_, e) => states.Enqueue(e);
        // Requested: 10 × 1 s = 10 s of silence allowed; revised: 2 × 50 ms = 100 ms (+ 200 ms margin).
        var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromSeconds(1), KeepAliveCount = 10 })
            .WaitAsync(Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(100), subscription.KeepAlivePeriod);

        await server.NextPublishAsync().AsTask().WaitAsync(Timeout); // held, never answered
        await Wait.UntilAsync(() => states.Any(s => s.State == SessionState.Reconnecting), TimeSpan.FromSeconds(3), "the watchdog to trip");
        Assert.Contains("No Publish response", states.First(s => s.State == SessionState.Reconnecting).Reason!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UA_R09_keep_alive_count_1_with_two_queued_requests_accepts_keep_alives_at_their_cadence()
    {
        await using var server = new ScriptedServer { RevisedPublishingInterval = 100, RevisedKeepAliveCount = 1 };
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await Connect(server, publishRequests: 2);
        session.StateChanged += (_, e) => states.Enqueue(e.State);
        await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100), KeepAliveCount = 1 }).WaitAsync(Timeout);

        // No data: a keep-alive every publishing interval, each on one of the two queued requests; seq stays 1.
        for (var i = 0; i < 15; i++)
        {
            var pending = await server.NextPublishAsync().AsTask().WaitAsync(Timeout);
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            server.Respond(pending, s => ScriptedServer.KeepAlive(s, 1));
        }

        Assert.Empty(states); // keep-alives, each on time, keep the watchdog quiet
        Assert.Empty(server.RepublishRequests);
        Assert.Equal(SessionState.Connected, session.State);
    }

    private static List<uint> Values(NotificationBatch batch) => [.. batch.Values.Select(v => (uint)v.Value.Value.Value!)];

    private static async Task<List<uint>> ReadValuesAsync(Subscription subscription, int count)
    {
        var values = new List<uint>();
        foreach (var batch in await ReadBatchesAsync(subscription, count))
        {
            values.AddRange(Values(batch));
        }

        return values;
    }

    private static async Task<List<NotificationBatch>> ReadBatchesAsync(Subscription subscription, int count)
    {
        var batches = new List<NotificationBatch>();
        using var timeout = new CancellationTokenSource(Timeout);
        while (batches.Count < count)
        {
            batches.Add(await subscription.Notifications.ReadAsync(timeout.Token));
        }

        return batches;
    }

    // A generous watchdog margin by default: a loaded 2-core test machine can stall a process for a second, and a
    // spurious reconnect would change what these tests count. The watchdog test sets its own.
    private Task<UaSession> Connect(ScriptedServer server, int publishRequests = 3, TimeSpan? keepAliveMargin = null) => UaSession.ConnectAsync(new ClientOptions
    {
        EndpointUrl = server.EndpointUrl,
        PublishRequestCount = publishRequests,
        KeepAliveMargin = keepAliveMargin ?? TimeSpan.FromSeconds(3),
        KeepAliveInterval = TimeSpan.FromMinutes(5),
        AutoReconnect = true,
        Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromSeconds(30) },
    }, new TestLogger(output)).WaitAsync(Timeout);

    private async Task RunAsync(Func<ScriptedServer, UaSession, Subscription, Task> test, int publishRequests = 3)
    {
        await using var server = new ScriptedServer { RevisedPublishingInterval = 100, RevisedKeepAliveCount = 100 };
        await using var session = await Connect(server, publishRequests);
        var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions()).WaitAsync(Timeout);
        await test(server, session, subscription).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
