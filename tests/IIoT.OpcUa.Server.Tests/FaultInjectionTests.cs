using System.Diagnostics;
using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;

namespace IIoT.OpcUa.Server.Tests;

/// <summary>The fault-injection hooks the simulators use: dropping every connection and holding Publish back.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public Task DropAllConnections_closes_every_connection_and_keeps_the_sessions() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await UaTestClient.ConnectWithSessionAsync(server);
        await using var second = await UaTestClient.ConnectWithSessionAsync(server);
        Assert.Equal(2, server.ConnectionCount);

        var dropped = await server.DropAllConnectionsAsync();

        Assert.Equal(2, dropped);
        await Wait.UntilAsync(() => server.ConnectionCount == 0, TimeSpan.FromSeconds(10), "connections closed");
        Assert.Equal(2, server.SessionCount);
        await Assert.ThrowsAnyAsync<Exception>(() => first.ReadAsync(TestServer.Counter));
        // The listener still accepts: a new client gets in.
        await using var third = await UaTestClient.ConnectWithSessionAsync(server);
        Assert.Equal(7, (await third.ReadAsync(TestServer.Counter)).Value.Value);
    });

    [Fact]
    public Task PausePublish_holds_publish_responses_for_the_duration_while_other_services_answer() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);
        var created = await client.CallAsync<CreateSubscriptionResponse>(new CreateSubscriptionRequest
        {
            RequestHeader = client.Header(),
            RequestedPublishingInterval = 50,
            RequestedLifetimeCount = 300,
            RequestedMaxKeepAliveCount = 2,
            PublishingEnabled = true,
        });
        Assert.Equal(StatusCodes.Good, created.ResponseHeader.ServiceResult.Code);
        var pause = TimeSpan.FromSeconds(1.5);
        var watch = Stopwatch.StartNew();

        server.PausePublish(pause);
        var publish = client.CallAsync<PublishResponse>(new PublishRequest { RequestHeader = client.Header() });

        // A keep-alive is due after 100 ms; while paused it is not sent, but reads are answered.
        Assert.Equal(7, (await client.ReadAsync(TestServer.Counter)).Value.Value);
        Assert.False(publish.IsCompleted, "Publish answered during the pause");
        var response = await publish;
        Assert.True(watch.Elapsed >= pause - TimeSpan.FromMilliseconds(50), $"answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(StatusCodes.Good, response.ResponseHeader.ServiceResult.Code);
        Assert.Equal(created.SubscriptionId, response.SubscriptionId);

        // After the pause, Publish is answered at once again.
        watch.Restart();
        await client.CallAsync<PublishResponse>(new PublishRequest { RequestHeader = client.Header() });
        Assert.True(watch.Elapsed < pause, $"second publish took {watch.ElapsedMilliseconds} ms");
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(30));
}
