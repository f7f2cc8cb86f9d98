using System.Collections.Concurrent;
using IIoT.OpcUa.Client.Tests.Interop;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>The publish loop against our own server's revisions and limits (UA-R12, UA-R13).</summary>
public sealed class OwnPublishTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task UA_R12_watchdog_runs_on_the_revised_keep_alive_period_not_the_requested_one() => RunAsync(new OwnServerSettings { MinPublishingInterval = 400 }, async host =>
    {
        var states = new ConcurrentQueue<SessionState>();
        await using var session = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = host.EndpointUrl,
            // Requested 50 ms x 2 + 500 ms = 600 ms would trip between the server's keep-alives (400 ms x 2 = 800 ms);
            // the revised 800 ms + 500 ms does not.
            KeepAliveMargin = TimeSpan.FromMilliseconds(500),
            KeepAliveInterval = TimeSpan.FromMinutes(1),
        }, new TestLogger(output));
        session.StateChanged += (_, e) => states.Enqueue(e.State);
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            KeepAliveCount = 2,
            LifetimeCount = 30,
        });
        Assert.Equal(TimeSpan.FromMilliseconds(400), subscription.RevisedPublishingInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(800), subscription.KeepAlivePeriod);
        var items = await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions { NodeId = OwnServerHost.ReadOnly }]); // never changes
        Assert.Equal(MonitoredItemState.Active, items[0].State);
        var before = host.Requests("PublishRequest");

        // Four keep-alive periods without data: only keep-alives arrive.
        await Wait.UntilAsync(() => host.Requests("PublishRequest") >= before + 5, Timeout, "five more Publish responses");

        Assert.Empty(states);
        Assert.Equal(SessionState.Connected, session.State);
        Assert.Equal(0, session.ReconnectCount);
    });

    [Fact]
    public Task UA_R13_server_limit_of_one_Publish_request_throttles_the_client_without_spinning_or_loss() => RunAsync(new OwnServerSettings { MaxPublishRequestsPerSession = 1 }, async host =>
    {
        await using var session = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = host.EndpointUrl, PublishRequestCount = 3 }, new TestLogger(output));
        var lowest = int.MaxValue;
        await using var subscription = await OwnReconnectTests.CounterSubscriptionAsync(session);
        await using var collector = new CounterCollector(subscription);
        host.StartTicking(TimeSpan.FromMilliseconds(20));

        await Wait.UntilAsync(() =>
        {
            lowest = Math.Min(lowest, session.PublishRequestsAllowed);
            return collector.Values.Length >= 60;
        }, Timeout, "60 counter values");

        var refused = host.Requests("PublishRequest", "BadTooManyPublishRequests");
        var answered = host.Requests("PublishRequest");
        output.WriteLine($"{answered} Publish answered, {refused} refused with BadTooManyPublishRequests; allowed now {session.PublishRequestsAllowed}, lowest {lowest}");
        Assert.Equal(1, lowest);
        // Two refusals bring 3 down to 1; after that the client tries one more only every 64 answers.
        Assert.True(refused <= 2 + (answered / 64) + 1, $"{refused} refusals in {answered} answers: spinning");
        Assert.Equal([], CounterCollector.Lost(collector.Values));
        Assert.Empty(collector.Gaps);
        Assert.Equal(SessionState.Connected, session.State);
    });

    private static async Task RunAsync(OwnServerSettings settings, Func<OwnServerHost, Task> test)
    {
        await using var host = await OwnServerHost.StartAsync(settings);
        await test(host).WaitAsync(TimeSpan.FromSeconds(45));
    }
}
