using IIoT.Gateway.Collection.OpcUa;
using IIoT.Testing;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>Configuration that does not fit the server, and a server whose address space changed across a restart.</summary>
public sealed class OpcUaResolutionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task A_folder_root_that_does_not_exist_is_an_item_failure_and_the_rest_is_collected() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        var group = new OpcUaGroupOptions
        {
            SamplingInterval = TimeSpan.FromMilliseconds(50),
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            Nodes = [new OpcUaNodeOptions { NodeId = LineServer.NodeId("m01", "counter"), Machine = "m01" }],
            Folders = [new OpcUaFolderOptions { Root = $"nsu={LineServer.NamespaceUri};s=plant1.nowhere", MaxDepth = 2 }],
        };
        await using var rig = new OpcUaTestRig(OpcUaTestRig.EndpointFor(server.EndpointUrl, group));

        await Wait.UntilAsync(() => rig.EndpointStatus?.State == "connected" && rig.EndpointStatus.ItemsFailed == 1, Timeout, "connected with one failure");
        var failure = Assert.Single(rig.EndpointStatus!.Failures);
        Assert.Equal("BadNodeIdUnknown", failure.Status);
        Assert.Contains("plant1.nowhere", failure.Origin, StringComparison.Ordinal);
        Assert.Contains("folder root cannot be browsed", failure.Detail, StringComparison.Ordinal);
        Assert.Contains(rig.Ledger.Entries, e => e.Reason == "opcua-item-failed" && e.Detail.Contains("plant1.nowhere", StringComparison.Ordinal));
        await Wait.UntilAsync(() => rig.Points("m01", "counter").Count == 1, Timeout, "the configured node still collected");
    });

    [Fact]
    public Task After_a_server_restart_folders_are_resolved_again_new_nodes_monitored_and_gone_ones_reported() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        var group = new OpcUaGroupOptions
        {
            SamplingInterval = TimeSpan.FromMilliseconds(50),
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            Folders = [new OpcUaFolderOptions { Root = $"nsu={LineServer.NamespaceUri};s={LineServer.LinePrefix}", MaxDepth = 2, Include = "counter" }],
        };
        await using var rig = new OpcUaTestRig(OpcUaTestRig.EndpointFor(server.EndpointUrl, group));
        await Wait.UntilAsync(() => rig.Points("m01", "counter").Count == 1 && rig.Points("m02", "counter").Count == 1, Timeout, "both counters");
        Assert.Equal(2, rig.EndpointStatus!.ItemsMonitored);

        server.Machines = ["m01", "m03"];
        await server.RestartAsync();

        await Wait.UntilAsync(() => rig.Points("m03", "counter").Count >= 1, Timeout, "the new machine's counter");
        await Wait.UntilAsync(() => rig.EndpointStatus?.ItemsFailed == 1, Timeout, "the gone machine reported");
        Assert.Equal(2, rig.EndpointStatus!.ItemsMonitored);
        var gone = Assert.Single(rig.EndpointStatus.Failures);
        Assert.Equal("BadNodeIdUnknown", gone.Status);
        Assert.Contains("m02/counter", gone.Origin, StringComparison.Ordinal);
        Assert.Contains(rig.Ledger.Entries, e => e.Reason == "opcua-item-failed" && e.Detail.Contains("m02/counter", StringComparison.Ordinal));
        server.Set("m01", "counter", IIoT.OpcUa.Types.Variant.From(7u));
        await Wait.UntilAsync(() => rig.Points("m01", "counter").Any(p => p.IntValue == 7), Timeout, "the machine that stayed still collected");
    });

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
