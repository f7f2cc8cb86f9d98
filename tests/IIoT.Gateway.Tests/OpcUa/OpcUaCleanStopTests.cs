using IIoT.Gateway.Collection.OpcUa;
using IIoT.OpcUa.Types;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>A clean stop (SIGTERM) of an endpoint with a user name leaves its subscription to the next run.</summary>
public sealed class OpcUaCleanStopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task After_a_clean_stop_the_next_run_takes_the_subscription_over_with_the_values_set_meanwhile_and_records_no_gap() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        using var folder = new TempFolder("opcua-clean-stop");
        var store = new OpcUaSubscriptionStore(folder.Combine("opcua"), TimeProvider.System, NullLogger.Instance);
        var group = new OpcUaGroupOptions
        {
            Name = "default",
            SamplingInterval = TimeSpan.Zero,
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            QueueSize = 100,
            Nodes = [new OpcUaNodeOptions { NodeId = LineServer.NodeId("m01", "counter"), Machine = "m01" }],
        };
        var endpoint = OpcUaTestRig.EndpointFor(server.EndpointUrl, group);
        endpoint.UserName = "gateway";
        endpoint.Password = "pw";
        server.Set("m01", "counter", Variant.From(1u));

        await using (var first = new OpcUaTestRig(endpoint, store: store))
        {
            await Wait.UntilAsync(() => first.Points("m01", "counter").Any(p => p.IntValue == 1), Timeout, "the first run's initial value");
        }

        // While no gateway runs, the server samples into the kept subscription's queue.
        server.Set("m01", "counter", Variant.From(3u));

        await using var second = new OpcUaTestRig(endpoint, store: store);
        await Wait.UntilAsync(() => second.Points("m01", "counter").Any(p => p.IntValue == 3), Timeout, "the values set while stopped");
        // Taken over: a subscription created anew instead (the old one deleted with the session) starts with a gap
        // marker, which the pump records in the loss ledger.
        Assert.DoesNotContain(second.Ledger.Entries, e => e.Reason == "opcua-gap");
    });

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
