using System.Net;
using IIoT.OpcUa.Server;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// Our real server's service table behind the fuzzed channel: sessions, browse, read/write and subscriptions all see the
/// fuzzed requests. One server for the whole campaign (started on first use, on a loopback port nobody dials), so state
/// such as sessions and subscriptions carries over between inputs, as it would on a long-running machine.
/// </summary>
internal static class RealServer
{
    private static readonly Lazy<OpcUaServer> Server = new(Start);

    public static ValueTask<IEncodeable> DispatchAsync(uint encodingId, ReadOnlyMemory<byte> body) =>
        Server.Value.Services.DispatchAsync(ServerTarget.ChannelId, encodingId, body, CancellationToken.None);

    private static OpcUaServer Start()
    {
        var addressSpace = new AddressSpace();
        var ns = addressSpace.RegisterNamespace("urn:iiot:fuzz");
        var folder = addressSpace.AddFolder(new NodeId(ObjectIds.ObjectsFolder), new NodeId("Line", ns), "Line");
        for (var i = 0; i < 10; i++)
        {
            addressSpace.AddVariable(folder.NodeId, new NodeId($"Line.V{i}", ns), $"V{i}",
                new VariableOptions { InitialValue = Variant.From((double)i), AccessLevel = VariableOptions.ReadWrite });
        }

        var options = new OpcUaServerOptions { BindAddress = IPAddress.Loopback, Port = 0, HostName = "localhost", Users = new Dictionary<string, string> { ["fuzz"] = "fuzz" } };
        return OpcUaServer.StartAsync(options, addressSpace).GetAwaiter().GetResult();
    }
}
