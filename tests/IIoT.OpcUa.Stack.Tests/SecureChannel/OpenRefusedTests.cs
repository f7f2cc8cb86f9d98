using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Tests.Transport.Connection;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.Tests.SecureChannel;

/// <summary>OpenSecureChannel that does not succeed: the server side is driven raw.</summary>
public sealed class OpenRefusedTests
{
    private static readonly TimeSpan Timeout = ChannelHarness.Timeout;

    [Fact]
    public Task OPN_answered_with_a_ServiceFault_throws_its_status_and_closes() => RunAsync(async () =>
    {
        var (client, server, serverLayer) = await ConnectAsync();
        await using var channel = new ClientSecureChannel(client.Transport, client.Limits);
        var open = channel.OpenAsync();

        using (var request = await serverLayer.ReceiveAsync((_, _, _) => 0, CancellationToken.None))
        {
            Assert.Equal(MessageType.OpenSecureChannel, request.Type);
            Assert.Equal(SecurityPolicies.None, request.AsymmetricHeader!.SecurityPolicyUri);
            Assert.True(ServiceMessage.TryDecode(request.Message!.Body.ToArray(), out var message, out _));
            var opn = message.Decode<OpenSecureChannelRequest>();
            Assert.Equal(SecurityTokenRequestType.Issue, opn.RequestType);
            Assert.Equal(MessageSecurityMode.None, opn.SecurityMode);
            Assert.Equal(600_000u, opn.RequestedLifetime);

            var fault = new ServiceFault { ResponseHeader = new ResponseHeader { ServiceResult = new StatusCode(StatusCodes.BadSecurityModeRejected) } };
            await serverLayer.SendAsync(
                MessageType.OpenSecureChannel, 5, 0, AsymmetricSecurityHeader.None.ToArray(), request.RequestId, ServiceMessage.Encode(fault), CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<UacpException>(() => open.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadSecurityModeRejected, error.StatusCode);
        var closed = await Assert.ThrowsAsync<UacpException>(() => server.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, closed.StatusCode);
    });

    [Fact]
    public Task OPN_answered_with_ERR_throws_the_ERR_code() => RunAsync(async () =>
    {
        var (client, _, serverLayer) = await ConnectAsync();
        await using var channel = new ClientSecureChannel(client.Transport, client.Limits);
        var open = channel.OpenAsync();

        using (await serverLayer.ReceiveAsync((_, _, _) => 0, CancellationToken.None))
        {
            await serverLayer.FailAsync(StatusCodes.BadSecurityPolicyRejected, "no");
        }

        var error = await Assert.ThrowsAsync<UacpException>(() => open.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadSecurityPolicyRejected, error.StatusCode);
    });

    [Fact]
    public Task OPN_without_answer_times_out_with_BadTimeout() => RunAsync(async () =>
    {
        var (client, _, _) = await ConnectAsync();
        await using var channel = new ClientSecureChannel(client.Transport, client.Limits, new ClientSecureChannelOptions { OpenTimeout = TimeSpan.FromMilliseconds(200) });

        var error = await Assert.ThrowsAsync<UacpException>(() => channel.OpenAsync());
        Assert.Equal(StatusCodes.BadTimeout, error.StatusCode);
    });

    [Fact]
    public Task Server_without_OPN_sends_ERR_BadTimeout_and_closes() => RunAsync(async () =>
    {
        var (client, server, _) = await ConnectAsync();
        var options = new ServerSecureChannelOptions { OpenTimeout = TimeSpan.FromMilliseconds(200) };
        await using var channel = new ServerSecureChannel(server, client.Limits, 3, (_, _) => throw new InvalidOperationException(), options);

        var error = await Assert.ThrowsAsync<UacpException>(() => channel.RunAsync());
        Assert.Equal(StatusCodes.BadTimeout, error.StatusCode);
        await UacpHandshakeTests.AssertErrThenClosedAsync(client.Transport, StatusCodes.BadTimeout);
    });

    private static async Task<((IChunkTransport Transport, ChannelLimits Limits) Client, IChunkTransport Server, SecureChunkLayer ServerLayer)> ConnectAsync()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var (clientConnection, serverConnection) = await Handshake.RunAsync(client, server);
        return ((client, clientConnection.Limits), server, new SecureChunkLayer(server, serverConnection.Limits, StatusCodes.BadResponseTooLarge));
    }

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(Timeout);
}
