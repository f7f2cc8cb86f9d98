using System.Buffers;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport.Connection;

public sealed class UacpHandshakeTests
{
    private static readonly TimeSpan Timeout = Handshake.Timeout;

    private static readonly TransportLimits SmallClient = new()
    {
        ReceiveBufferSize = 16384,
        SendBufferSize = 32768,
        MaxMessageSize = 2 * 1024 * 1024,
    };

    [Fact]
    public async Task Handshake_over_in_memory_pair_negotiates_the_smaller_buffers()
    {
        var (client, server) = await Handshake.InMemoryAsync(SmallClient);
        await using var _ = client;
        await using var __ = server;

        AssertNegotiated(client, server);
        Assert.Equal(Handshake.Url, server.EndpointUrl);
    }

    [Fact]
    public async Task Handshake_over_tcp_negotiates_the_smaller_buffers()
    {
        var (client, server) = await Handshake.TcpAsync(SmallClient);
        await using var _ = client;
        await using var __ = server;

        AssertNegotiated(client, server);
    }

    [Fact]
    public async Task Connect_by_host_and_port_completes_handshake_with_a_tcp_listener()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var accept = Task.Run(async () =>
        {
            var socket = await listener.AcceptSocketAsync();
            return await UacpServerConnection.AcceptAsync(StreamChunkTransport.FromSocket(socket), new TransportLimits());
        });

        await using var client = await UacpClientConnection.ConnectAsync("127.0.0.1", port, Handshake.Url, SmallClient).AsTask().WaitAsync(Timeout);
        await using var server = await accept.WaitAsync(Timeout);

        AssertNegotiated(client, server);
    }

    [Fact]
    public async Task Server_answering_ERR_fails_connect_with_its_code_and_reason()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var fakeServer = Task.Run(async () =>
        {
            using var hello = await server.ReceiveAsync(CancellationToken.None);
            Assert.Equal(MessageType.Hello, hello.Header.Type);
            await server.SendAsync(Encode(new ErrorMessage(StatusCodes.BadTcpServerTooBusy, "busy")), CancellationToken.None);
            await server.CloseAsync();
        });

        var error = await Assert.ThrowsAsync<UacpException>(
            () => UacpClientConnection.ConnectAsync(client, Handshake.Url, new TransportLimits()).AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCodes.BadTcpServerTooBusy, error.StatusCode);
        Assert.Equal("busy", error.Reason);
        await fakeServer.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Hello_with_buffer_under_8192_is_refused_with_ERR_and_close()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var accept = UacpServerConnection.AcceptAsync(server, new TransportLimits()).AsTask();

        await client.SendAsync(Encode(new HelloMessage(0, 1024, 65535, 0, 0, Handshake.Url)), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<UacpException>(() => accept.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionRejected, refused.StatusCode);
        await AssertErrThenClosedAsync(client, StatusCodes.BadConnectionRejected);
    }

    [Fact]
    public async Task First_frame_that_is_not_HEL_is_answered_with_ERR_BadTcpMessageTypeInvalid()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var accept = UacpServerConnection.AcceptAsync(server, new TransportLimits()).AsTask();

        await client.SendAsync(Chunks.Make(MessageType.Message, ChunkType.Final, 0, new byte[8]), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<UacpException>(() => accept.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, refused.StatusCode);
        await AssertErrThenClosedAsync(client, StatusCodes.BadTcpMessageTypeInvalid);
    }

    [Fact]
    public async Task Hello_longer_than_any_valid_HEL_is_refused_from_its_header_with_ERR_BadTcpMessageTooLarge()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var accept = UacpServerConnection.AcceptAsync(server, new TransportLimits()).AsTask();
        var frame = new byte[5000];
        new MessageHeader(MessageType.Hello, ChunkType.Final, (uint)frame.Length).Write(frame);

        await client.SendAsync(frame, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<UacpException>(() => accept.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, refused.StatusCode);
        await AssertErrThenClosedAsync(client, StatusCodes.BadTcpMessageTooLarge);
    }

    [Fact]
    public async Task Client_refuses_a_reply_that_is_neither_ACK_nor_ERR()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var fakeServer = Task.Run(async () =>
        {
            using var hello = await server.ReceiveAsync(CancellationToken.None);
            await server.SendAsync(hello.Memory, CancellationToken.None); // echo HEL back
        });

        var error = await Assert.ThrowsAsync<UacpException>(
            () => UacpClientConnection.ConnectAsync(client, Handshake.Url, new TransportLimits()).AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, error.StatusCode);
        await fakeServer.WaitAsync(Timeout);
        var closed = await Assert.ThrowsAsync<UacpException>(() => server.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, closed.StatusCode);
    }

    [Fact]
    public async Task Garbage_first_bytes_over_tcp_get_ERR_BadTcpMessageTypeInvalid_and_close()
    {
        var (raw, socket) = await TcpPair.ConnectAsync();
        using var _ = raw;
        var accept = UacpServerConnection.AcceptAsync(StreamChunkTransport.FromSocket(socket), new TransportLimits()).AsTask();

        await raw.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        var refused = await Assert.ThrowsAsync<UacpException>(() => accept.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, refused.StatusCode);

        // What the raw peer sees: one ERR frame, then end of stream.
        await using var stream = new System.Net.Sockets.NetworkStream(raw, ownsSocket: false);
        var received = new MemoryStream();
        await stream.CopyToAsync(received).WaitAsync(Timeout);
        Assert.True(ErrorMessage.TryDecode(received.ToArray(), out var err, out var decodeError), $"status 0x{decodeError:X8}");
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, err.Error);
    }

    [Fact]
    public async Task Client_without_an_answer_times_out_with_BadTimeout()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        await using var _ = server;

        var error = await Assert.ThrowsAsync<UacpException>(() => UacpClientConnection
            .ConnectAsync(client, Handshake.Url, new TransportLimits(), timeout: TimeSpan.FromMilliseconds(200))
            .AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCodes.BadTimeout, error.StatusCode);
    }

    [Fact]
    public async Task Server_without_HEL_times_out_with_ERR_BadTimeout()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var accept = UacpServerConnection.AcceptAsync(server, new TransportLimits(), helloTimeout: TimeSpan.FromMilliseconds(200)).AsTask();

        var error = await Assert.ThrowsAsync<UacpException>(() => accept.WaitAsync(Timeout));

        Assert.Equal(StatusCodes.BadTimeout, error.StatusCode);
        await AssertErrThenClosedAsync(client, StatusCodes.BadTimeout);
    }

    [Fact]
    public async Task Cancelled_connect_is_an_OperationCanceledException_not_a_timeout()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        await using var _ = server;
        using var cancel = new CancellationTokenSource();
        var connect = UacpClientConnection.ConnectAsync(client, Handshake.Url, new TransportLimits(), cancellationToken: cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.WaitAsync(Timeout));
    }

    internal static byte[] Encode(HelloMessage message) => Bytes.Encode(message.Encode);

    internal static byte[] Encode(ErrorMessage message) => Bytes.Encode(message.Encode);

    internal static async Task AssertErrThenClosedAsync(IChunkTransport peer, uint expected)
    {
        using (var frame = await peer.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout))
        {
            Assert.True(ErrorMessage.TryDecode(frame.Span, out var err, out _));
            Assert.Equal(expected, err.Error);
        }

        var closed = await Assert.ThrowsAsync<UacpException>(() => peer.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, closed.StatusCode);
    }

    private static void AssertNegotiated(UacpConnection client, UacpConnection server)
    {
        // Client receives at most its own 16384; the server receives at most what the client sends (32768).
        Assert.Equal(16384u, client.Limits.ReceiveBufferSize);
        Assert.Equal(32768u, client.Limits.SendBufferSize);
        Assert.Equal(32768u, server.Limits.ReceiveBufferSize);
        Assert.Equal(16384u, server.Limits.SendBufferSize);
        Assert.Equal(2u * 1024 * 1024, client.Limits.MaxReceiveMessageSize);
        Assert.Equal(2u * 1024 * 1024, server.Limits.MaxSendMessageSize);
        Assert.Equal(UacpLimits.DefaultMaxMessageSize, client.Limits.MaxSendMessageSize);
    }
}
