using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport.Connection;

public sealed class UacpConnectionCancellationTests
{
    private static readonly TimeSpan Timeout = Handshake.Timeout;

    [Fact]
    public async Task Send_cancelled_between_chunks_sends_an_abort_and_the_next_message_arrives_clean()
    {
        var (clientTransport, serverTransport) = InMemoryChunkTransport.CreatePair();
        // Sends: HEL, then two chunks of the big message before the token fires.
        var cancelling = new CancellingTransport(clientTransport, cancelAfterSends: 3);
        var (client, server) = await Handshake.RunAsync(cancelling, serverTransport);
        await using var _ = client;
        await using var __ = server;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.SendMessageAsync(MessageType.Message, 1, new byte[200_000], cancelling.Cancel.Token).AsTask().WaitAsync(Timeout));
        await client.SendMessageAsync(MessageType.Message, 1, new byte[] { 4, 2 }).AsTask().WaitAsync(Timeout);

        var aborted = await server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(ChunkOutcomeKind.Aborted, aborted.Kind);
        Assert.Equal(StatusCodes.BadOperationAbandoned, aborted.StatusCode);

        var next = await server.ReceiveMessageAsync().AsTask().WaitAsync(Timeout);
        using var message = next.Message!;
        Assert.Equal(new byte[] { 4, 2 }, message.Body.ToArray());
    }

    [Fact]
    public async Task Closing_while_a_tcp_receive_is_pending_ends_it_with_BadConnectionClosed()
    {
        var (raw, socket) = await TcpPair.ConnectAsync();
        using var _ = raw;
        var transport = StreamChunkTransport.FromSocket(socket);
        var receive = transport.ReceiveAsync(CancellationToken.None).AsTask();

        await transport.CloseAsync();

        var error = await Assert.ThrowsAsync<UacpException>(() => receive.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
    }

    [Fact]
    public async Task Closing_one_in_memory_end_ends_a_pending_receive_on_the_other_with_BadConnectionClosed()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var receive = server.ReceiveAsync(CancellationToken.None).AsTask();

        await client.CloseAsync();

        var error = await Assert.ThrowsAsync<UacpException>(() => receive.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
    }
}
