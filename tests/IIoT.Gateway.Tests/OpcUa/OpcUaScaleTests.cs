using System.Net;
using IIoT.Gateway.Collection.OpcUa;
using IIoT.OpcUa.Server;
using IIoT.OpcUa.Server.Subscriptions;
using IIoT.OpcUa.Types;
using IIoT.Testing;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>A Folders rule over many variables is browsed page by page and subscribed chunk by chunk.</summary>
public sealed class OpcUaScaleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task A_large_folder_is_browsed_in_pages_and_subscribed_in_chunks_with_every_value_arriving() => RunAsync(async () =>
    {
        // More references than one Browse page (OpcUaItemResolver.ReferencesPerPage) and several resolver chunks.
        const int count = 2500;
        var space = new AddressSpace();
        var ns = space.RegisterNamespace("urn:iiot:test:scale");
        space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), new NodeId("Bench", ns), "Bench");
        var variables = new VariableNode[count];
        for (var i = 0; i < count; i++)
        {
            variables[i] = space.AddVariable(new NodeId("Bench", ns), new NodeId($"Bench.V{i}", ns), $"v{i:D5}",
                new VariableOptions { DataType = new NodeId(DataTypeIds.Int32), InitialValue = Variant.From(i) });
        }
        await using var server = await OpcUaServer.StartAsync(new OpcUaServerOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            HostName = "localhost",
            ApplicationUri = "urn:iiot:test:scale-server",
            AllowAnonymous = true,
            Subscriptions = new SubscriptionEngineOptions { MinSamplingInterval = 10, MinPublishingInterval = 20 },
        }, space).WaitAsync(Timeout);
        var group = new OpcUaGroupOptions
        {
            Name = "all",
            SamplingInterval = TimeSpan.FromMilliseconds(50),
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            Folders = [new OpcUaFolderOptions { Root = "nsu=urn:iiot:test:scale;s=Bench", MaxDepth = 1, MachineLevel = 0 }],
        };
        await using var rig = new OpcUaTestRig(OpcUaTestRig.EndpointFor($"opc.tcp://127.0.0.1:{server.Port}", group), chunkSize: 300);

        await Wait.UntilAsync(() => rig.EndpointStatus?.ItemsMonitored == count, Timeout, "every variable monitored");
        Assert.Equal(0, rig.EndpointStatus!.ItemsFailed);
        // Every item's initial value arrives, under the right name: none was dropped by a handle the pump did not know yet.
        try
        {
            await Wait.UntilAsync(() => rig.Sink.Points.Select(p => p.Signal).Distinct().Count() == count, Timeout, "an initial value of every item");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{rig.EndpointStatus} calls {rig.Sink.Calls} offered {rig.Sink.Offered} {rig.Sink.Points.Count} points, {rig.Sink.Points.Select(p => p.Signal).Distinct().Count()} items: "
                + string.Join(",", rig.Sink.Points.Select(p => p.IntValue).Order().Take(20)), e);
        }
        Assert.All(rig.Sink.Points, p => Assert.Equal($"v{p.IntValue:D5}", p.Signal));
        variables[count - 1].SetValue(Variant.From(-1), default, UaDateTime.FromDateTime(DateTime.UtcNow));
        await Wait.UntilAsync(() => rig.Sink.Points.Any(p => p.IntValue == -1 && p.Signal == $"v{count - 1:D5}"), Timeout, "a change of the last item");
    });

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
