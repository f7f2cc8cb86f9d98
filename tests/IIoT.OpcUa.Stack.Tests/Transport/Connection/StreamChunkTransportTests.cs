using System.Net.Sockets;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport.Connection;

public sealed class StreamChunkTransportTests
{
    private static readonly TimeSpan Timeout = Handshake.Timeout;

    [Fact]
    public async Task Frame_over_the_receive_limit_is_refused_from_its_header_without_reading_the_body()
    {
        // Only the 8 header bytes exist; any read after them would block until cancelled.
        var header = new byte[8];
        new MessageHeader(MessageType.Message, ChunkType.Final, 70_000).Write(header);
        var stream = new ScriptedStream(header, blockAtEnd: true);
        await using var transport = new StreamChunkTransport(stream, receiveLimit: 65535);

        var error = await Assert.ThrowsAsync<UacpException>(() => transport.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, error.StatusCode);
        Assert.Equal(8, stream.BytesHandedOut);
        Assert.Equal(1, stream.ReadCalls);
    }

    [Fact]
    public async Task Frame_exactly_at_the_receive_limit_is_read_whole()
    {
        var chunk = Chunks.Make(MessageType.Message, ChunkType.Final, 7, Chunks.Pattern(8192 - 12));
        await using var transport = new StreamChunkTransport(new ScriptedStream(chunk, blockAtEnd: true), receiveLimit: 8192);

        using var frame = await transport.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(chunk, frame.Span.ToArray());
        Assert.Equal(MessageType.Message, frame.Header.Type);
    }

    [Fact]
    public async Task Garbage_header_is_BadTcpMessageTypeInvalid_and_nothing_more_is_read()
    {
        var stream = new ScriptedStream("GET / HTTP/1.1\r\n"u8.ToArray(), blockAtEnd: true);
        await using var transport = new StreamChunkTransport(stream);

        var error = await Assert.ThrowsAsync<UacpException>(() => transport.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, error.StatusCode);
        Assert.Equal(8, stream.BytesHandedOut);
    }

    [Theory]
    [InlineData(0)]   // clean end between frames
    [InlineData(5)]   // inside the header
    [InlineData(30)]  // inside the body
    public async Task End_of_stream_is_BadConnectionClosed(int prefix)
    {
        var chunk = Chunks.Make(MessageType.Message, ChunkType.Final, 7, Chunks.Pattern(100));
        await using var transport = new StreamChunkTransport(new ScriptedStream(chunk[..prefix], blockAtEnd: false));

        var error = await Assert.ThrowsAsync<UacpException>(() => transport.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));

        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
    }

    [Fact]
    public async Task Tcp_peer_reset_mid_frame_is_UacpException_BadConnectionClosed_not_IOException()
    {
        var (raw, socket) = await TcpPair.ConnectAsync();
        await using var transport = StreamChunkTransport.FromSocket(socket);
        var chunk = Chunks.Make(MessageType.Message, ChunkType.Final, 7, Chunks.Pattern(1000));
        var receive = transport.ReceiveAsync(CancellationToken.None).AsTask();

        await raw.SendAsync(chunk.AsMemory(0, 500));
        raw.LingerState = new LingerOption(true, 0); // close with RST: the reader sees a reset, not a clean end
        raw.Close();

        var error = await Assert.ThrowsAsync<UacpException>(() => receive.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
        Assert.IsAssignableFrom<IOException>(error.InnerException); // went through the one translation point
    }

    [Fact]
    public async Task Tcp_peer_close_mid_frame_is_BadConnectionClosed()
    {
        var (raw, socket) = await TcpPair.ConnectAsync();
        await using var transport = StreamChunkTransport.FromSocket(socket);
        var chunk = Chunks.Make(MessageType.Message, ChunkType.Final, 7, Chunks.Pattern(1000));

        await raw.SendAsync(chunk.AsMemory(0, 500));
        raw.Shutdown(SocketShutdown.Send);

        var error = await Assert.ThrowsAsync<UacpException>(() => transport.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
        raw.Dispose();
    }

    [Fact]
    public async Task Cancelled_tcp_receive_is_an_OperationCanceledException()
    {
        var (raw, socket) = await TcpPair.ConnectAsync();
        using var _ = raw;
        await using var transport = StreamChunkTransport.FromSocket(socket);
        using var cancel = new CancellationTokenSource();
        var receive = transport.ReceiveAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Cancelled_in_memory_receive_is_an_OperationCanceledException()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        await using var _ = client;
        await using var __ = server;
        using var cancel = new CancellationTokenSource();
        var receive = server.ReceiveAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Receive_cancelled_mid_frame_leaves_the_transport_closed_for_receiving()
    {
        var chunk = Chunks.Make(MessageType.Message, ChunkType.Final, 7, Chunks.Pattern(100));
        await using var transport = new StreamChunkTransport(new ScriptedStream(chunk[..20], blockAtEnd: true));
        using var cancel = new CancellationTokenSource();
        var receive = transport.ReceiveAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.WaitAsync(Timeout));

        // The stream is out of step now; reading on would parse body bytes as a header.
        var error = await Assert.ThrowsAsync<UacpException>(() => transport.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
    }

    [Fact]
    public async Task Send_after_close_is_BadConnectionClosed()
    {
        var (raw, socket) = await TcpPair.ConnectAsync();
        using var _ = raw;
        var transport = StreamChunkTransport.FromSocket(socket);
        await transport.CloseAsync();

        var error = await Assert.ThrowsAsync<UacpException>(() => transport.SendAsync(new byte[12], CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
    }
}
