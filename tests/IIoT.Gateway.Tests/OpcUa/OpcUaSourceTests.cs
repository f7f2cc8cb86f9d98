using Xunit;
using IIoT.Contracts.V1;
using IIoT.Gateway.Collection.OpcUa;
using IIoT.Testing;
using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>The gateway's OPC UA source against our own server on loopback.</summary>
public sealed class OpcUaSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Nodes_browse_paths_and_folders_arrive_as_points_and_bad_items_are_reported() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        var explicitGroup = new OpcUaGroupOptions
        {
            Name = "explicit",
            SamplingInterval = TimeSpan.FromMilliseconds(50),
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            Nodes =
            [
                new OpcUaNodeOptions { NodeId = LineServer.NodeId("m01", "temperature"), Machine = "m01", Signal = "temperature_c" },
                new OpcUaNodeOptions { NodeId = LineServer.NodeId("m01", "nope"), Machine = "m01" },
                new OpcUaNodeOptions { NodeId = "nsu=urn:not:there;s=x", Machine = "m01" },
            ],
            BrowsePaths =
            [
                new OpcUaBrowsePathOptions { Path = "/2:plant1/2:assembly/2:line1/2:m02/2:counter", Machine = "m02", Signal = "count" },
                new OpcUaBrowsePathOptions { Path = "/2:plant1/2:nowhere/2:m02", Machine = "m02" },
            ],
        };
        var folderGroup = new OpcUaGroupOptions
        {
            Name = "folder",
            SamplingInterval = TimeSpan.FromMilliseconds(50),
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            Folders = [new OpcUaFolderOptions { Root = $"nsu={LineServer.NamespaceUri};s={LineServer.LinePrefix}", MaxDepth = 2, Include = "temp*,state", MachineLevel = 1 }],
        };
        await using var rig = new OpcUaTestRig(OpcUaTestRig.EndpointFor(server.EndpointUrl, explicitGroup, folderGroup));

        await Wait.UntilAsync(() => rig.EndpointStatus?.State == "connected", Timeout, "connected");
        Assert.Equal(6, rig.EndpointStatus!.ItemsMonitored);
        Assert.Equal(3, rig.EndpointStatus.ItemsFailed);
        Assert.Contains(rig.EndpointStatus.Failures, f => f.Origin.Contains("nope", StringComparison.Ordinal) && f.Status == "BadNodeIdUnknown");
        Assert.Contains(rig.EndpointStatus.Failures, f => f.Origin.Contains("urn:not:there", StringComparison.Ordinal));
        Assert.Contains(rig.EndpointStatus.Failures, f => f.Origin.Contains("nowhere", StringComparison.Ordinal) && f.Status.StartsWith("Bad", StringComparison.Ordinal));
        Assert.Contains(rig.Ledger.Entries, e => e.Reason == "opcua-item-failed" && e.Detail.Contains("nowhere", StringComparison.Ordinal));

        await Wait.UntilAsync(() => rig.Sink.Points.Count >= 6, Timeout, "initial values");
        var temperature = Assert.Single(rig.Points("m01", "temperature_c"));
        Assert.Equal(20.5, temperature.DoubleValue);
        Assert.Equal("degC", temperature.Unit);
        Assert.Equal(new AssetPath { Site = "plant1", Area = "assembly", Line = "line1", Machine = "m01" }, temperature.Asset);
        Assert.Equal("opcua:line1", temperature.Source);
        Assert.Equal(Quality.Good, temperature.Quality);
        Assert.True(temperature.SourceTimeNs > 0 && temperature.ReceiveTimeNs > 0);
        var count = Assert.Single(rig.Points("m02", "count"));
        Assert.Equal(0, count.IntValue);
        Assert.Equal("running", Assert.Single(rig.Points("m02", "state")).StringValue);
        Assert.Equal("degC", Assert.Single(rig.Points("m02", "temperature")).Unit);
        Assert.Single(rig.Points("m01", "temperature"));
        Assert.DoesNotContain(rig.Sink.Points, p => p.Signal == "counter"); // filtered out of the folder

        // Bad and uncertain values are forwarded with their status, value intact, not dropped or zeroed.
        var stamp = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        ((IIoT.OpcUa.Server.VariableNode)server.Server.AddressSpace.Find(new NodeId($"{LineServer.LinePrefix}.m02.temperature", 2))!)
            .SetValue(Variant.From(99.0), StatusCodes.BadSensorFailure, UaDateTime.FromDateTime(stamp));
        server.Set("m01", "temperature", Variant.From(21.0), StatusCodes.UncertainLastUsableValue);
        await Wait.UntilAsync(() => rig.Points("m02", "temperature").Count == 2 && rig.Points("m01", "temperature_c").Count == 2, Timeout, "bad and uncertain values");
        var bad = rig.Points("m02", "temperature")[1];
        Assert.Equal(Quality.Bad, bad.Quality);
        Assert.Equal(StatusCodes.BadSensorFailure, bad.SourceStatus);
        Assert.Equal(99.0, bad.DoubleValue);
        Assert.Equal(IIoT.Contracts.UnixTime.ToNanoseconds(new DateTimeOffset(stamp)), bad.SourceTimeNs);
        var uncertain = rig.Points("m01", "temperature_c")[1];
        Assert.Equal(Quality.Uncertain, uncertain.Quality);
        Assert.Equal(21.0, uncertain.DoubleValue);
    });

    [Fact]
    public Task An_unreachable_endpoint_is_retried_while_another_one_collects() => RunAsync(async () =>
    {
        await using var server = await LineServer.StartAsync();
        var group = new OpcUaGroupOptions { Nodes = [new OpcUaNodeOptions { NodeId = LineServer.NodeId("m01", "counter"), Machine = "m01" }] };
        var deadEndpoint = OpcUaTestRig.EndpointFor($"opc.tcp://127.0.0.1:{FreePort.Next()}", group);
        deadEndpoint.Name = "dead";
        await using var dead = new OpcUaTestRig(deadEndpoint);
        await using var live = new OpcUaTestRig(OpcUaTestRig.EndpointFor(server.EndpointUrl, group));

        await Wait.UntilAsync(() => dead.EndpointStatus?.Reconnects >= 2, Timeout, "retries of the dead endpoint");
        await Wait.UntilAsync(() => live.Points("m01", "counter").Count == 1, Timeout, "a value from the live endpoint");
        Assert.Equal("disconnected", dead.EndpointStatus!.State);
        Assert.NotNull(dead.EndpointStatus.LastError);
        Assert.Empty(dead.Sink.Points);
    });

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
