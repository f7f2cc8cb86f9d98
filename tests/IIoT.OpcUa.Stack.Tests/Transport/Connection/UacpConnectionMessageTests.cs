using System.Buffers;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport.Connection;

public sealed class UacpConnectionMessageTests
{
    private const int OneMegabyte = 1024 * 1024;

    private static readonly TimeSpan Timeout = Handshake.Timeout;

    private static readonly TransportLimits SmallClient = new() { ReceiveBufferSize = 16384, SendBufferSize = 32768 };

    public static TheoryData<bool> Transports => new() { false, true };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task One_megabyte_message_is_chunked_and_reassembled_byte_equal_both_ways(bool tcp)
    {
        var (client, server) = tcp ? await Handshake.TcpAsync(SmallClient) : await Handshake.InMemoryAsync(SmallClient);
        await using var _ = client;
        await using var __ = server;
        var request = Chunks.Pattern(OneMegabyte);
        var response = Chunks.Pattern(OneMegabyte + 17).AsSpan(17).ToArray();

        // Send and receive at once: over TCP a 1 MB send does not fit in the socket buffers.
        var received = server.ReceiveMessageAsync().AsTask();
        await client.SendMessageAsync(MessageType.Message, 5, request).AsTask().WaitAsync(Timeout);
        var atServer = await received.WaitAsync(Timeout);
        using (atServer.Message)
        {
            Assert.Equal(ChunkOutcomeKind.Complete, atServer.Kind);
            Assert.Equal(5u, atServer.Message!.SecureChannelId);
            Assert.Equal(request.Length / (32768 - 12) + 1, atServer.Message.ChunkCount);
            Assert.True(request.AsSpan().SequenceEqual(atServer.Message.Body.Span));
        }

        received = client.ReceiveMessageAsync().AsTask();
        await server.SendMessageAsync(MessageType.Message, 5, response).AsTask().WaitAsync(Timeout);
        var atClient = await received.WaitAsync(Timeout);
        using (atClient.Message)
        {
            Assert.Equal(ChunkOutcomeKind.Complete, atClient.Kind);
            Assert.Equal(response.Length / (16384 - 12) + 1, atClient.Message!.ChunkCount);
            Assert.True(response.AsSpan().SequenceEqual(atClient.Message.Body.Span));
        }
    }

    [Fact]
    public async Task Messages_sent_concurrently_arrive_whole_and_never_interleaved()
    {
        var (client, server) = await Handshake.InMemoryAsync(SmallClient);
        await using var _ = client;
        await using var __ = server;
        var bodies = Enumerable.Range(1, 4).Select(i => Enumerable.Repeat((byte)i, 100_000).ToArray()).ToArray();

        await Task.WhenAll(bodies.Select(b => client.SendMessageAsync(MessageType.Message, 1, b).AsTask())).WaitAsync(Timeout);

        var seen = new HashSet<byte>();
        for (var i = 0; i < bodies.Length; i++)
        {
            var outcome = await server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout);
            using var message = outcome.Message!;
            var first = message.Body.Span[0];
            Assert.True(bodies[first - 1].AsSpan().SequenceEqual(message.Body.Span));
            Assert.True(seen.Add(first));
        }
    }

    [Fact]
    public async Task Abort_chunk_surfaces_its_status_and_reason_and_the_connection_stays_open()
    {
        var (clientTransport, serverTransport) = InMemoryChunkTransport.CreatePair();
        var (client, server) = await Handshake.RunAsync(clientTransport, serverTransport);
        await using var _ = client;
        await using var __ = server;

        await clientTransport.SendAsync(Chunks.Make(MessageType.Message, ChunkType.Intermediate, 1, new byte[100]), CancellationToken.None);
        await clientTransport.SendAsync(Chunks.Abort(1, StatusCodes.BadRequestInterrupted, "gave up"), CancellationToken.None);
        await client.SendMessageAsync(MessageType.Message, 1, new byte[] { 1, 2, 3 }).AsTask().WaitAsync(Timeout);

        var aborted = await server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(ChunkOutcomeKind.Aborted, aborted.Kind);
        Assert.Equal(StatusCodes.BadRequestInterrupted, aborted.StatusCode);
        Assert.Equal("gave up", aborted.Reason);

        var next = await server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout);
        using var message = next.Message!;
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Body.ToArray());
    }

    [Fact]
    public async Task Chunk_larger_than_the_negotiated_buffer_gets_ERR_BadTcpMessageTooLarge_and_close()
    {
        var (clientTransport, serverTransport) = InMemoryChunkTransport.CreatePair();
        var (client, server) = await Handshake.RunAsync(clientTransport, serverTransport, SmallClient);
        await using var _ = client;
        await using var __ = server;

        // The server receives at most 32768 per chunk after HEL/ACK, though its own buffer is 65535.
        await clientTransport.SendAsync(Chunks.Make(MessageType.Message, ChunkType.Final, 1, new byte[32768 - 12 + 1]), CancellationToken.None);

        var error = await Assert.ThrowsAsync<UacpException>(() => server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, error.StatusCode);
        await UacpHandshakeTests.AssertErrThenClosedAsync(clientTransport, StatusCodes.BadTcpMessageTooLarge);
    }

    [Fact]
    public async Task Message_over_the_chunk_count_limit_gets_ERR_and_close()
    {
        var serverLimits = new TransportLimits { MaxChunkCount = 3 };
        var (clientTransport, serverTransport) = InMemoryChunkTransport.CreatePair();
        var (client, server) = await Handshake.RunAsync(clientTransport, serverTransport, serverLimits: serverLimits);
        await using var _ = client;
        await using var __ = server;

        // Four C chunks sent by hand: the client's splitter would have refused to send them.
        for (var i = 0; i < 4; i++)
        {
            await clientTransport.SendAsync(Chunks.Make(MessageType.Message, ChunkType.Intermediate, 1, new byte[100]), CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<UacpException>(() => server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, error.StatusCode);
        await UacpHandshakeTests.AssertErrThenClosedAsync(clientTransport, StatusCodes.BadTcpMessageTooLarge);
    }

    [Fact]
    public async Task Message_over_the_peers_MaxMessageSize_is_refused_locally_and_nothing_is_sent()
    {
        var serverLimits = new TransportLimits { MaxMessageSize = 100_000 };
        var (client, server) = await Handshake.InMemoryAsync(serverLimits: serverLimits);
        await using var _ = client;
        await using var __ = server;

        var error = await Assert.ThrowsAsync<UacpException>(
            () => client.SendMessageAsync(MessageType.Message, 1, new byte[100_001]).AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadRequestTooLarge, error.StatusCode);

        // Still usable, and the refused message left no chunk behind.
        await client.SendMessageAsync(MessageType.Message, 1, new byte[] { 9 }).AsTask().WaitAsync(Timeout);
        var next = await server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout);
        using var message = next.Message!;
        Assert.Equal(1, message.ChunkCount);
        Assert.Equal(new byte[] { 9 }, message.Body.ToArray());
    }

    [Fact]
    public async Task ERR_from_the_peer_during_receive_is_thrown_with_its_code_and_reason()
    {
        var (clientTransport, serverTransport) = InMemoryChunkTransport.CreatePair();
        var (client, server) = await Handshake.RunAsync(clientTransport, serverTransport);
        await using var _ = client;
        await using var __ = server;

        await server.CloseWithErrorAsync(StatusCodes.BadSecureChannelClosed, "shutting down").AsTask().WaitAsync(Timeout);

        var error = await Assert.ThrowsAsync<UacpException>(() => client.ReceiveMessageAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadSecureChannelClosed, error.StatusCode);
        Assert.Equal("shutting down", error.Reason);
    }

    [Fact]
    public async Task Tcp_connection_cut_mid_message_is_UacpException_BadConnectionClosed()
    {
        var (rawClient, socket) = await TcpPair.ConnectAsync();
        var accept = UacpServerConnection.AcceptAsync(StreamChunkTransport.FromSocket(socket), new TransportLimits()).AsTask();
        var clientTransport = StreamChunkTransport.FromSocket(rawClient);
        await using var client = await UacpClientConnection.ConnectAsync(clientTransport, Handshake.Url, new TransportLimits()).AsTask().WaitAsync(Timeout);
        await using var server = await accept.WaitAsync(Timeout);

        var chunk = Chunks.Make(MessageType.Message, ChunkType.Final, 1, Chunks.Pattern(1000));
        await rawClient.SendAsync(chunk.AsMemory(0, 600));
        rawClient.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        var error = await Assert.ThrowsAsync<UacpException>(() => server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
    }

    [Fact]
    public async Task Cancelled_ReceiveMessageAsync_is_an_OperationCanceledException()
    {
        var (client, server) = await Handshake.TcpAsync();
        await using var _ = client;
        await using var __ = server;
        using var cancel = new CancellationTokenSource();
        var receive = server.ReceiveMessageAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.WaitAsync(Timeout));
    }

    [Fact]
    public async Task OPN_larger_than_one_chunk_is_refused_locally()
    {
        var (client, server) = await Handshake.InMemoryAsync(SmallClient);
        await using var _ = client;
        await using var __ = server;

        var error = await Assert.ThrowsAsync<UacpException>(
            () => server.SendMessageAsync(MessageType.OpenSecureChannel, 1, new byte[20_000]).AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadResponseTooLarge, error.StatusCode);
    }
}
