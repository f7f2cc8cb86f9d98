using System.Buffers;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// Client side of the UA Connection Protocol handshake (OPC 10000-6 §7.1.2.3-§7.1.2.5, §7.1.3): send HEL, wait
/// for ACK (or ERR), negotiate the <see cref="ChannelLimits"/>.
/// </summary>
public static class UacpClientConnection
{
    /// <summary>How long to wait for the ACK when the caller gives no timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Connects over TCP to <paramref name="host"/>:<paramref name="port"/> and runs the handshake.</summary>
    public static async ValueTask<UacpConnection> ConnectAsync(
        string host,
        int port,
        string endpointUrl,
        TransportLimits limits,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var deadline = Deadline(timeout, cancellationToken);
        StreamChunkTransport transport;
        try
        {
            transport = await StreamChunkTransport.ConnectAsync(host, port, limits.ReceiveBufferSize, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(timeout);
        }

        return await HandshakeAsync(transport, endpointUrl, limits, timeout, deadline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the handshake on a connected transport. ERR from the server raises <see cref="UacpException"/> with its
    /// code and reason; no answer within <paramref name="timeout"/> raises BadTimeout. On failure the transport is closed.
    /// </summary>
    public static async ValueTask<UacpConnection> ConnectAsync(
        IChunkTransport transport,
        string endpointUrl,
        TransportLimits limits,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(limits);
        using var deadline = Deadline(timeout, cancellationToken);
        return await HandshakeAsync(transport, endpointUrl, limits, timeout, deadline, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<UacpConnection> HandshakeAsync(
        IChunkTransport transport,
        string endpointUrl,
        TransportLimits limits,
        TimeSpan? timeout,
        CancellationTokenSource deadline,
        CancellationToken cancellationToken)
    {
        limits.Validate();
        var ok = false;
        try
        {
            // Before ACK only a UACP reply is expected; our receive buffer bounds it (ERR is at most 4112 bytes).
            transport.ReceiveLimit = limits.ReceiveBufferSize;
            var hello = new ArrayBufferWriter<byte>();
            limits.CreateHello(endpointUrl).Encode(hello);
            await transport.SendAsync(hello.WrittenMemory, deadline.Token).ConfigureAwait(false);

            using var frame = await transport.ReceiveAsync(deadline.Token).ConfigureAwait(false);
            switch (frame.Header.Type)
            {
                case MessageType.Error:
                    throw await UacpErrors.PeerErrorAsync(transport, frame).ConfigureAwait(false);
                case MessageType.Acknowledge:
                    break;
                default:
                    throw new UacpException(StatusCodes.BadTcpMessageTypeInvalid, $"Expected ACK, received {frame.Header.Type}.");
            }

            if (!AcknowledgeMessage.TryDecode(frame.Span, out var ack, out var error)
                || !TransportNegotiation.TryAcceptAcknowledge(limits, ack, out var negotiated, out error))
            {
                throw new UacpException(error, "The server's ACK was refused.");
            }

            var connection = new UacpConnection(transport, negotiated, endpointUrl, StatusCodes.BadRequestTooLarge);
            ok = true;
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(timeout);
        }
        finally
        {
            if (!ok)
            {
                await transport.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    private static CancellationTokenSource Deadline(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        return deadline;
    }

    // Our own timeout is a protocol outcome, not a cancellation the caller asked for.
    private static UacpException TimedOut(TimeSpan? timeout) =>
        new(StatusCodes.BadTimeout, $"No ACK within {(timeout ?? DefaultTimeout).TotalMilliseconds} ms.");
}
