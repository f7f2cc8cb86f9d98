using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;
using Xunit.Abstractions;
using static IIoT.OpcUa.Server.Tests.Interop.SubscribeSummary;

namespace IIoT.OpcUa.Server.Tests.Interop;

/// <summary>node-opcua's TransferSubscriptions after our server restarted, while another client already subscribes.</summary>
public sealed class NodeOpcuaTransferTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task UA_R04_after_a_restart_node_opcua_does_not_take_over_the_subscription_another_client_created_first() => Run(async () =>
    {
        await using var server = await CounterServer.StartAsync(nameof(UA_R04_after_a_restart_node_opcua_does_not_take_over_the_subscription_another_client_created_first), 2);
        server.StartTicking(TimeSpan.FromMilliseconds(50), sampledItems: 1);
        await using var node = await NodeOpcuaClient.StartAsync(Url(server.Port),
        [
            new
            {
                cmd = "subscribe", nodes = new[] { CounterServer.Counter(0) }, samplingInterval = 10, publishingInterval = 50, queueSize = 100,
                until = new { reconnections = 1, valuesAfterReconnect = 10 }, timeoutMs = 20_000, progressMs = 50,
            },
        ], maxRetry: -1);
        await node.WaitForProgressAsync(p => p.GetProperty("minCount").GetInt32() >= 3, TimeSpan.FromSeconds(30), "values before the restart");

        // node-opcua waits about a second before it reconnects; another (anonymous, like it) client is quicker. When the
        // new server numbers subscriptions as the old one did, node-opcua's TransferSubscriptions names this one.
        await server.RestartAsync();
        await using var other = await UaTestClient.ConnectWithSessionAsync(server.Server);
        var created = await other.CallAsync<CreateSubscriptionResponse>(new CreateSubscriptionRequest
        {
            RequestedPublishingInterval = 1000, RequestedMaxKeepAliveCount = 10, RequestedLifetimeCount = 1000, PublishingEnabled = true,
        });
        Assert.Equal(StatusCodes.Good, created.ResponseHeader.ServiceResult.Code);

        var result = await node.CompleteAsync(ClientTimeout);
        Assert.True(result.Succeeded, $"node-opcua client failed: {result.Error}\n{Tail(result.Output)}");
        var summary = Assert.Single(result.Results);
        var trace = Trace(summary);
        output.WriteLine($"other client's subscription {created.SubscriptionId}; node-opcua's {summary.GetProperty("subscriptionIds")}\n{trace}");

        Assert.Equal("until", summary.GetProperty("stoppedBy").GetString());
        Assert.NotEqual(created.SubscriptionId, summary.GetProperty("subscriptionId").GetUInt32());
        Assert.Contains("TransferSubscriptions Good [BadSubscriptionIdInvalid]", trace, StringComparison.Ordinal);
        // The other client still owns its subscription.
        var modified = await other.ServiceResultAsync(new ModifySubscriptionRequest
        {
            SubscriptionId = created.SubscriptionId, RequestedPublishingInterval = 500, RequestedMaxKeepAliveCount = 10, RequestedLifetimeCount = 1000,
        });
        Assert.Equal(StatusCodes.Good, modified);
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(Timeout);
}
