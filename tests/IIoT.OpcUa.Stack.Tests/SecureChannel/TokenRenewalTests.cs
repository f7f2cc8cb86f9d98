using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Tests.Transport.Connection;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;

namespace IIoT.OpcUa.Stack.Tests.SecureChannel;

/// <summary>Token renewal and token checks with one side driven raw.</summary>
public sealed class TokenRenewalTests
{
    private static readonly TimeSpan Timeout = ChannelHarness.Timeout;

    [Fact]
    public Task UA_R11_server_accepts_the_old_token_after_renew_and_answers_under_the_token_used() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var layer = new SecureChunkLayer(harness.ClientTransport, harness.ClientLimits, StatusCodes.BadRequestTooLarge);
        var first = await OpenAsync(layer, 0, 1, SecurityTokenRequestType.Issue);
        var renewed = await OpenAsync(layer, first.ChannelId, 2, SecurityTokenRequestType.Renew);
        Assert.Equal(first.ChannelId, renewed.ChannelId);
        Assert.NotEqual(first.TokenId, renewed.TokenId);

        // A request still under the old token works, and its answer carries the old token.
        Assert.Equal(first.TokenId, await ReadAsync(layer, first, 3));
        Assert.Equal(renewed.TokenId, await ReadAsync(layer, renewed, 4));
        Assert.Equal(first.TokenId, await ReadAsync(layer, first, 5));
    });

    [Fact]
    public Task Renewal_refused_by_the_server_ends_the_client_channel_with_its_status() => RunAsync(async () =>
    {
        var (client, _, serverLayer) = await ConnectAsync();
        await using var channel = new ClientSecureChannel(client.Transport, client.Limits, new ClientSecureChannelOptions { RequestedLifetime = TimeSpan.FromMilliseconds(100) });
        var open = channel.OpenAsync();
        await AnswerOpenAsync(serverLayer, lifetime: 100);
        await open.WaitAsync(Timeout);

        // The renewal comes after ~75 ms by itself; refuse it.
        using (var renew = await serverLayer.ReceiveAsync((_, _, _) => 0, CancellationToken.None).AsTask().WaitAsync(Timeout))
        {
            Assert.Equal(MessageType.OpenSecureChannel, renew.Type);
            Assert.True(ServiceMessage.TryDecode(renew.Message!.Body.ToArray(), out var message, out _));
            Assert.Equal(SecurityTokenRequestType.Renew, message.Decode<OpenSecureChannelRequest>().RequestType);
            var fault = new ServiceFault { ResponseHeader = new ResponseHeader { ServiceResult = new StatusCode(StatusCodes.BadSecureChannelIdInvalid) } };
            await serverLayer.SendAsync(MessageType.OpenSecureChannel, 5, 0, AsymmetricSecurityHeader.None.ToArray(), renew.RequestId, ServiceMessage.Encode(fault), CancellationToken.None);
        }

        await Wait.UntilAsync(() => Task.FromResult(channel.Failure is not null), Timeout, "channel failed");
        Assert.Equal(StatusCodes.BadSecureChannelIdInvalid, Assert.IsType<UacpException>(channel.Failure).StatusCode);
        await Assert.ThrowsAsync<UacpException>(() => channel.SendRequestAsync(EchoService.Read(1, 1)).WaitAsync(Timeout));
    });

    [Fact]
    public Task UA_D13_client_drops_a_response_under_an_unknown_token_with_ERR() => RunAsync(async () =>
    {
        var (client, serverTransport, serverLayer) = await ConnectAsync();
        await using var channel = new ClientSecureChannel(client.Transport, client.Limits);
        var open = channel.OpenAsync();
        await AnswerOpenAsync(serverLayer, lifetime: 600_000);
        await open.WaitAsync(Timeout);
        var pending = channel.SendRequestAsync(EchoService.Read(1, 1));

        using (var request = await serverLayer.ReceiveAsync((_, _, _) => 0, CancellationToken.None).AsTask().WaitAsync(Timeout))
        {
            var response = new ReadResponse { ResponseHeader = new ResponseHeader { RequestHandle = 1 } };
            await serverLayer.SendAsync(MessageType.Message, 5, 77, null, request.RequestId, ServiceMessage.Encode(response), CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<UacpException>(() => pending.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadSecureChannelTokenUnknown, error.StatusCode);
        await UacpHandshakeTests.AssertErrThenClosedAsync(serverTransport, StatusCodes.BadSecureChannelTokenUnknown);
    });

    private static async Task<ChannelSecurityToken> OpenAsync(SecureChunkLayer layer, uint channelId, uint requestId, SecurityTokenRequestType type)
    {
        var request = new OpenSecureChannelRequest { RequestType = type, SecurityMode = MessageSecurityMode.None, RequestedLifetime = 60_000 };
        await layer.SendAsync(MessageType.OpenSecureChannel, channelId, 0, AsymmetricSecurityHeader.None.ToArray(), requestId, ServiceMessage.Encode(request), CancellationToken.None);
        using var response = await layer.ReceiveAsync((_, _, _) => 0, CancellationToken.None);
        Assert.Equal(requestId, response.RequestId);
        Assert.True(ServiceMessage.TryDecode(response.Message!.Body.ToArray(), out var message, out _));
        return message.Decode<OpenSecureChannelResponse>().SecurityToken;
    }

    /// <summary>Sends a Read under <paramref name="token"/>; returns the TokenId of the answer.</summary>
    private static async Task<uint> ReadAsync(SecureChunkLayer layer, ChannelSecurityToken token, uint requestId)
    {
        await layer.SendAsync(MessageType.Message, token.ChannelId, token.TokenId, null, requestId, ServiceMessage.Encode(EchoService.Read(requestId, 1)), CancellationToken.None);
        using var response = await layer.ReceiveAsync((_, _, _) => 0, CancellationToken.None);
        Assert.Equal(requestId, response.RequestId);
        Assert.True(ServiceMessage.TryDecode(response.Message!.Body.ToArray(), out var message, out _));
        Assert.Equal(ReadResponse.BinaryEncodingId, message.EncodingId);
        return response.TokenId;
    }

    private static async Task AnswerOpenAsync(SecureChunkLayer serverLayer, uint lifetime)
    {
        using var request = await serverLayer.ReceiveAsync((_, _, _) => 0, CancellationToken.None).AsTask().WaitAsync(Timeout);
        var response = new OpenSecureChannelResponse { SecurityToken = new ChannelSecurityToken { ChannelId = 5, TokenId = 1, RevisedLifetime = lifetime } };
        await serverLayer.SendAsync(MessageType.OpenSecureChannel, 5, 0, AsymmetricSecurityHeader.None.ToArray(), request.RequestId, ServiceMessage.Encode(response), CancellationToken.None);
    }

    private static async Task<((IChunkTransport Transport, ChannelLimits Limits) Client, IChunkTransport Server, SecureChunkLayer ServerLayer)> ConnectAsync()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var (clientConnection, serverConnection) = await Handshake.RunAsync(client, server);
        return ((client, clientConnection.Limits), server, new SecureChunkLayer(server, serverConnection.Limits, StatusCodes.BadResponseTooLarge));
    }

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(Timeout);
}
