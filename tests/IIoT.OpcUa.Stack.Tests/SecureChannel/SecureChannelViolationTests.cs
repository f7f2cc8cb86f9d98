using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Tests.Transport;
using IIoT.OpcUa.Stack.Tests.Transport.Connection;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.Tests.SecureChannel;

/// <summary>
/// UA-D13: the server drops a channel whose chunks carry a wrong SecureChannelId or TokenId, or a replayed or
/// decreasing sequence number - ERR with the reason, then the connection is closed. The client side is driven raw.
/// </summary>
public sealed class SecureChannelViolationTests
{
    private static readonly TimeSpan Timeout = ChannelHarness.Timeout;

    [Fact]
    public Task UA_D13_wrong_token_id_closes_the_channel_with_ERR() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var (layer, token) = await OpenRawAsync(harness);

        await layer.SendAsync(MessageType.Message, token.ChannelId, token.TokenId + 5, null, 2, Read(), CancellationToken.None);

        await AssertDroppedAsync(harness, StatusCodes.BadSecureChannelTokenUnknown);
    });

    [Fact]
    public Task UA_D13_wrong_channel_id_closes_the_channel_with_ERR() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var (layer, token) = await OpenRawAsync(harness);

        await layer.SendAsync(MessageType.Message, token.ChannelId + 1, token.TokenId, null, 2, Read(), CancellationToken.None);

        await AssertDroppedAsync(harness, StatusCodes.BadTcpSecureChannelUnknown);
    });

    [Theory]
    [InlineData(2u)] // replayed: the number of the previous chunk again
    [InlineData(1u)] // decreasing
    [InlineData(9u)] // skipped ahead
    public Task UA_D13_replayed_or_decreasing_sequence_number_closes_the_channel_with_ERR(uint sequenceNumber) => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var (layer, token) = await OpenRawAsync(harness);

        // A valid request first (sequence 2), answered normally.
        await layer.SendAsync(MessageType.Message, token.ChannelId, token.TokenId, null, 2, Read(), CancellationToken.None);
        using (var answer = await layer.ReceiveAsync((_, _, _) => 0, CancellationToken.None))
        {
            Assert.Equal(2u, answer.RequestId);
        }

        await harness.ClientTransport.SendAsync(RawMessage(token, sequenceNumber, 3, Read()), CancellationToken.None);

        await AssertDroppedAsync(harness, StatusCodes.BadSequenceNumberInvalid);
    });

    [Fact]
    public Task First_message_that_is_not_OPN_is_refused() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);

        await harness.ClientTransport.SendAsync(RawMessage(new ChannelSecurityToken { ChannelId = 0, TokenId = 1 }, 1, 1, Read()), CancellationToken.None);

        await AssertDroppedAsync(harness, StatusCodes.BadTcpMessageTypeInvalid);
    });

    [Fact]
    public Task OPN_with_another_security_policy_is_refused() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var layer = new SecureChunkLayer(harness.ClientTransport, harness.ClientLimits, StatusCodes.BadRequestTooLarge);
        var header = new AsymmetricSecurityHeader("http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256", null, null).ToArray();

        await layer.SendAsync(MessageType.OpenSecureChannel, 0, 0, header, 1, OpenRequest(), CancellationToken.None);

        await AssertDroppedAsync(harness, StatusCodes.BadSecurityPolicyRejected);
    });

    [Fact]
    public Task Client_reports_ERR_from_the_server_to_every_outstanding_request() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var client = harness.CreateClient();
        await client.OpenAsync();
        harness.Service.Gate(1);
        var pending = client.SendRequestAsync(EchoService.Read(1, 1));

        // A chunk under an unknown token, sent beside the client, makes the server answer ERR and close.
        await harness.ClientTransport.SendAsync(RawMessage(new ChannelSecurityToken { ChannelId = client.ChannelId, TokenId = 99 }, 3, 50, Read()), CancellationToken.None);

        var error = await Assert.ThrowsAsync<UacpException>(() => pending.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadSecureChannelTokenUnknown, error.StatusCode);
        harness.Service.Gate(1).SetResult();
        await client.DisposeAsync();
    });

    private static async Task<(SecureChunkLayer Layer, ChannelSecurityToken Token)> OpenRawAsync(ChannelHarness harness)
    {
        var layer = new SecureChunkLayer(harness.ClientTransport, harness.ClientLimits, StatusCodes.BadRequestTooLarge);
        await layer.SendAsync(MessageType.OpenSecureChannel, 0, 0, AsymmetricSecurityHeader.None.ToArray(), 1, OpenRequest(), CancellationToken.None);
        using var response = await layer.ReceiveAsync((_, _, _) => 0, CancellationToken.None);
        Assert.Equal(MessageType.OpenSecureChannel, response.Type);
        Assert.True(ServiceMessage.TryDecode(response.Message!.Body.ToArray(), out var message, out _));
        var token = message.Decode<OpenSecureChannelResponse>().SecurityToken;
        Assert.Equal(ChannelHarness.ChannelId, token.ChannelId);
        return (layer, token);
    }

    private static async Task AssertDroppedAsync(ChannelHarness harness, uint status)
    {
        var error = await Assert.ThrowsAsync<UacpException>(() => harness.ServerRun.WaitAsync(Timeout));
        Assert.Equal(status, error.StatusCode);
        await UacpHandshakeTests.AssertErrThenClosedAsync(harness.ClientTransport, status);
    }

    private static byte[] OpenRequest() => ServiceMessage.Encode(new OpenSecureChannelRequest
    {
        RequestType = SecurityTokenRequestType.Issue,
        SecurityMode = MessageSecurityMode.None,
        RequestedLifetime = 60_000,
    });

    private static byte[] Read() => ServiceMessage.Encode(EchoService.Read(1, 2255));

    private static byte[] RawMessage(ChannelSecurityToken token, uint sequenceNumber, uint requestId, byte[] body)
    {
        var afterChannelId = new byte[SymmetricSecurityHeader.Length + SequenceHeader.Length + body.Length];
        new SymmetricSecurityHeader(token.TokenId).Encode(afterChannelId);
        new SequenceHeader(sequenceNumber, requestId).Encode(afterChannelId.AsSpan(SymmetricSecurityHeader.Length));
        body.CopyTo(afterChannelId.AsSpan(SymmetricSecurityHeader.Length + SequenceHeader.Length));
        return Chunks.Make(MessageType.Message, ChunkType.Final, token.ChannelId, afterChannelId);
    }

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(Timeout);
}
