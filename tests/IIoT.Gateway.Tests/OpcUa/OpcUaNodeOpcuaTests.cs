using IIoT.Contracts.V1;
using IIoT.Gateway.Collection.OpcUa;
using IIoT.Testing;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>The OPC UA source against a real node-opcua server (tests/IIoT.Testing/NodeOpcua).</summary>
public sealed class OpcUaNodeOpcuaTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Nodes_a_uri_browse_path_and_a_folder_of_a_node_opcua_server_arrive_as_points() => RunAsync(async () =>
    {
        await using var server = await NodeOpcuaServer.StartAsync();
        const string ns = NodeOpcuaServer.NamespaceUri;
        var group = new OpcUaGroupOptions
        {
            SamplingInterval = TimeSpan.FromMilliseconds(100),
            PublishingInterval = TimeSpan.FromMilliseconds(100),
            Nodes = [new OpcUaNodeOptions { NodeId = $"nsu={ns};s=Line1.Machine1.Temperature", Machine = "m1", Signal = "temperature", Unit = "degC" }],
            BrowsePaths = [new OpcUaBrowsePathOptions { Path = $"/nsu={ns}:Line1/nsu={ns}:Machine2/nsu={ns}:State", Machine = "m2" }],
            Folders = [new OpcUaFolderOptions { Root = $"nsu={ns};s=Line1", MaxDepth = 2, Include = "Running", MachineLevel = 1 }],
        };
        await using var rig = new OpcUaTestRig(OpcUaTestRig.EndpointFor(server.EndpointUrl, group));

        await Wait.UntilAsync(() => rig.EndpointStatus?.State == "connected", Timeout, "connected");
        Assert.Empty(rig.EndpointStatus!.Failures);
        Assert.Equal(5, rig.EndpointStatus.ItemsMonitored); // 1 node, 1 path, Running of Machine1..3
        // Temperature changes every 100 ms: several values, each with its own source timestamp.
        await Wait.UntilAsync(() => rig.Points("m1", "temperature").Count >= 3, Timeout, "temperature values");
        var temperatures = rig.Points("m1", "temperature");
        Assert.All(temperatures, p => Assert.Equal(Point.ValueOneofCase.DoubleValue, p.ValueCase));
        Assert.Equal(temperatures.Count, temperatures.Select(p => p.SourceTimeNs).Distinct().Count());
        Assert.Equal(Point.ValueOneofCase.StringValue, Assert.Single(rig.Points("m2", "State")).ValueCase);
        await Wait.UntilAsync(() => new[] { "Machine1", "Machine2", "Machine3" }.All(m => rig.Points(m, "Running").Count >= 1), Timeout, "Running of each machine");
        Assert.Equal(Point.ValueOneofCase.BoolValue, rig.Points("Machine3", "Running")[0].ValueCase);
    });

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
