using System.Buffers;
using System.Threading.Channels;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// One end of an in-process frame pipe for fast tests. Frames are copied into pooled buffers on send and
/// handed to the peer whole; the receiver applies the same header checks as <see cref="StreamChunkTransport"/>,
/// so a frame over the receive limit fails the same way. Closing either end closes both.
/// </summary>
public sealed class InMemoryChunkTransport : IChunkTransport
{
    private readonly Channel<(byte[] Buffer, int Length)> _inbox;
    private InMemoryChunkTransport? _peer;

    private InMemoryChunkTransport(uint receiveLimit)
    {
        _inbox = Channel.CreateUnbounded<(byte[], int)>(new UnboundedChannelOptions { SingleReader = true });
        ReceiveLimit = receiveLimit;
    }

    public uint ReceiveLimit { get; set; }

    /// <summary>Two connected ends: what one sends, the other receives.</summary>
    public static (InMemoryChunkTransport Client, InMemoryChunkTransport Server) CreatePair(uint receiveLimit = UacpLimits.DefaultBufferSize)
    {
        var client = new InMemoryChunkTransport(receiveLimit);
        var server = new InMemoryChunkTransport(receiveLimit);
        client._peer = server;
        server._peer = client;
        return (client, server);
    }

    public async ValueTask<Frame> ReceiveAsync(CancellationToken cancellationToken)
    {
        (byte[] Buffer, int Length) item;
        try
        {
            item = await _inbox.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw TransportErrors.Closed("The peer closed the connection.");
        }

        var (buffer, length) = item;
        if (!MessageHeader.TryParse(buffer.AsSpan(0, length), ReceiveLimit, out var header, out var error))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new UacpException(error, "Invalid message header.");
        }

        if (header.MessageSize != (uint)length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new UacpException(StatusCodes.BadDecodingError, "Frame length differs from its header.");
        }

        return new Frame(header, buffer, length);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(frame.Length, 1));
        frame.Span.CopyTo(buffer);
        if (_peer is null || !_peer._inbox.Writer.TryWrite((buffer, frame.Length)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw TransportErrors.Closed("The transport is closed.");
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync()
    {
        // Frames already queued stay readable by the peer, as bytes already sent on a socket would.
        _inbox.Writer.TryComplete();
        _peer?._inbox.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => CloseAsync();
}
