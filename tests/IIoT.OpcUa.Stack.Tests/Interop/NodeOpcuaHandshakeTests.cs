using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Stack.Tests.Interop;

/// <summary>Our UACP client (HEL/ACK/ERR, OPC 10000-6 §7.1.2) against a real node-opcua server.</summary>
public sealed class NodeOpcuaHandshakeTests(NodeOpcuaServerFixture fixture, ITestOutputHelper output) : IClassFixture<NodeOpcuaServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private NodeOpcuaServer Server => fixture.Server;

    [Fact]
    public async Task Handshake_with_node_opcua_negotiates_sane_limits()
    {
        var limits = new TransportLimits();

        await using var connection = await UacpClientConnection
            .ConnectAsync("127.0.0.1", Server.Port, Server.EndpointUrl, limits, Timeout).AsTask().WaitAsync(Timeout);

        var negotiated = connection.Limits;
        output.WriteLine($"node-opcua negotiated: {negotiated}");
        Assert.InRange(negotiated.ReceiveBufferSize, UacpLimits.MinBufferSize, limits.ReceiveBufferSize);
        Assert.InRange(negotiated.SendBufferSize, UacpLimits.MinBufferSize, limits.SendBufferSize);
        Assert.Equal(limits.MaxMessageSize, negotiated.MaxReceiveMessageSize);
        Assert.True(negotiated.MaxSendMessageSize > 0, $"MaxSendMessageSize must never be unlimited: {negotiated}");
        Assert.True(negotiated.MaxReceiveChunkCount > 0, negotiated.ToString());
        Assert.Equal(Server.EndpointUrl, connection.EndpointUrl);
    }

    [Fact]
    public async Task Handshake_with_node_opcua_revises_buffers_down_to_what_we_offer()
    {
        var limits = new TransportLimits { ReceiveBufferSize = 8192, SendBufferSize = 16384, MaxMessageSize = 1024 * 1024 };

        await using var connection = await UacpClientConnection
            .ConnectAsync("127.0.0.1", Server.Port, Server.EndpointUrl, limits, Timeout).AsTask().WaitAsync(Timeout);

        // The server may send no more than we can receive, and we may send no more than we said we would.
        Assert.Equal(8192u, connection.Limits.ReceiveBufferSize);
        Assert.InRange(connection.Limits.SendBufferSize, UacpLimits.MinBufferSize, 16384u);
        Assert.Equal(1024u * 1024, connection.Limits.MaxReceiveMessageSize);
    }

    [Fact]
    public async Task Hello_with_tiny_buffers_gets_node_opcua_ERR_as_UacpException()
    {
        var transport = await StreamChunkTransport.ConnectAsync("127.0.0.1", Server.Port).AsTask().WaitAsync(Timeout);
        var tiny = new HelloMessage(TransportLimits.ProtocolVersion, 1024, 1024, 65536, 64, Server.EndpointUrl);

        var error = await Assert.ThrowsAsync<UacpException>(() => UacpClientConnection
            .ConnectAsync(new HelloRewritingTransport(transport, tiny), Server.EndpointUrl, new TransportLimits(), Timeout)
            .AsTask().WaitAsync(Timeout));

        Assert.True(error.StatusCode == StatusCodes.BadConnectionRejected, $"{error.Message}\nnode-opcua output:\n{Server.Output}");
        // node-opcua sends the status description as the ERR reason; it must come through decoded, not lost.
        Assert.False(string.IsNullOrWhiteSpace(error.Reason), error.Message);
        Assert.False(error.IsConnectionLost);
    }

    [Fact]
    public async Task Hello_with_unknown_endpoint_url_is_still_acknowledged_by_node_opcua()
    {
        // node-opcua checks the endpoint only at OpenSecureChannel/GetEndpoints, not in HEL: a gateway that relies
        // on an ERR for a mistyped URL would wait for the wrong signal.
        const string absurd = "opc.tcp://no-such-host.invalid:1/definitely/not/this/server";

        await using var connection = await UacpClientConnection
            .ConnectAsync("127.0.0.1", Server.Port, absurd, new TransportLimits(), Timeout).AsTask().WaitAsync(Timeout);

        Assert.Equal(absurd, connection.EndpointUrl);
        Assert.True(connection.Limits.SendBufferSize >= UacpLimits.MinBufferSize);
    }

    [Fact]
    public async Task Node_opcua_server_survives_a_refused_hello_and_accepts_the_next_client()
    {
        var transport = await StreamChunkTransport.ConnectAsync("127.0.0.1", Server.Port).AsTask().WaitAsync(Timeout);
        var tiny = new HelloMessage(TransportLimits.ProtocolVersion, 4096, 4096, 0, 0, Server.EndpointUrl);
        await Assert.ThrowsAsync<UacpException>(() => UacpClientConnection
            .ConnectAsync(new HelloRewritingTransport(transport, tiny), Server.EndpointUrl, new TransportLimits(), Timeout)
            .AsTask().WaitAsync(Timeout));

        await using var connection = await UacpClientConnection
            .ConnectAsync("127.0.0.1", Server.Port, Server.EndpointUrl, new TransportLimits(), Timeout).AsTask().WaitAsync(Timeout);
        Assert.True(connection.Limits.ReceiveBufferSize >= UacpLimits.MinBufferSize);
    }
}
