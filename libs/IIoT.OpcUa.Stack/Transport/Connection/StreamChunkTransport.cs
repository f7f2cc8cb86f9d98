using System.Buffers;
using System.Net.Sockets;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// <see cref="IChunkTransport"/> over a byte stream (a <see cref="NetworkStream"/> for opc.tcp). Each receive
/// reads exactly the 8 header bytes, validates them against <see cref="ReceiveLimit"/> (OPC 10000-6 §7.1.2.2,
/// UA-D11), and only then rents a buffer of the announced size and reads exactly the rest.
/// A receive or send that is cancelled part way leaves the byte stream out of step, so the transport refuses
/// further use of that direction with BadConnectionClosed.
/// </summary>
public sealed class StreamChunkTransport : IChunkTransport
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _header = new byte[MessageHeader.Length];
    private bool _receiveBroken;
    private bool _sendBroken;
    private int _closed;

    public StreamChunkTransport(Stream stream, uint receiveLimit = UacpLimits.DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        ReceiveLimit = receiveLimit;
    }

    public uint ReceiveLimit { get; set; }

    /// <summary>Wraps a connected socket; the transport owns and closes it.</summary>
    public static StreamChunkTransport FromSocket(Socket socket, uint receiveLimit = UacpLimits.DefaultBufferSize)
    {
        socket.NoDelay = true; // chunks are whole; Nagle would only delay the last one
        return new StreamChunkTransport(new NetworkStream(socket, ownsSocket: true), receiveLimit);
    }

    /// <summary>Opens a TCP connection to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static async ValueTask<StreamChunkTransport> ConnectAsync(
        string host, int port, uint receiveLimit = UacpLimits.DefaultBufferSize, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return FromSocket(socket, receiveLimit);
        }
        catch (Exception e) when (TransportErrors.IsTransportFailure(e))
        {
            socket.Dispose();
            throw TransportErrors.Translate(e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask<Frame> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_receiveBroken || Volatile.Read(ref _closed) != 0)
        {
            throw TransportErrors.Closed("The transport is closed.");
        }

        byte[]? buffer = null;
        var started = false;
        try
        {
            // No byte of a frame read yet: cancelling here leaves the stream in step.
            var read = await _stream.ReadAtLeastAsync(_header, 1, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw TransportErrors.Closed("The peer closed the connection.");
            }

            started = true;
            if (read < MessageHeader.Length)
            {
                await ReadExactlyAsync(_header.AsMemory(read), cancellationToken).ConfigureAwait(false);
            }

            if (!MessageHeader.TryParse(_header, ReceiveLimit, out var header, out var error))
            {
                // The rest of the stream cannot be framed any more; nothing else is read.
                _receiveBroken = true;
                throw new UacpException(error, error == StatusCodes.BadTcpMessageTooLarge
                    ? $"Frame of {ReadSize()} bytes exceeds the receive limit of {ReceiveLimit}."
                    : "Invalid message header.");
            }

            var size = (int)header.MessageSize;
            buffer = ArrayPool<byte>.Shared.Rent(size);
            _header.CopyTo(buffer, 0);
            await ReadExactlyAsync(buffer.AsMemory(MessageHeader.Length, size - MessageHeader.Length), cancellationToken).ConfigureAwait(false);
            var frame = new Frame(header, buffer, size);
            buffer = null;
            return frame;
        }
        catch (OperationCanceledException)
        {
            _receiveBroken |= started;
            throw;
        }
        catch (Exception e) when (TransportErrors.IsTransportFailure(e))
        {
            _receiveBroken = true;
            throw TransportErrors.Translate(e);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sendBroken || Volatile.Read(ref _closed) != 0)
            {
                throw TransportErrors.Closed("The transport is closed.");
            }

            // A write cancelled part way may have put half a frame on the wire.
            _sendBroken = true;
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _sendBroken = false;
        }
        catch (Exception e) when (TransportErrors.IsTransportFailure(e))
        {
            throw TransportErrors.Translate(e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (TransportErrors.IsTransportFailure(e))
        {
            // Closing a connection the peer already dropped is not an error.
        }
    }

    public ValueTask DisposeAsync() => CloseAsync();

    private uint ReadSize() => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(4));

    private async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return; // a zero-byte read on a socket would wait for data that belongs to the next frame
        }

        var read = await _stream.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < destination.Length)
        {
            // The peer left in the middle of a frame: the connection is gone, the partial frame with it.
            throw TransportErrors.Closed("The connection closed in the middle of a frame.");
        }
    }
}
