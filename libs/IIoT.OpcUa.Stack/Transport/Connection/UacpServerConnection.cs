using System.Buffers;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// Server side of the UA Connection Protocol handshake (OPC 10000-6 §7.1.2.3-§7.1.2.5): the first frame must be
/// HEL; it is checked and answered with ACK, or with ERR and a closed connection.
/// </summary>
public static class UacpServerConnection
{
    /// <summary>How long a new connection may take to send HEL when the caller gives no timeout.</summary>
    public static readonly TimeSpan DefaultHelloTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Waits for HEL and answers ACK. Anything else first is answered with ERR BadTcpMessageTypeInvalid; a HEL
    /// that cannot be accepted with ERR and its code (e.g. BadConnectionRejected for buffers under 8192); silence for
    /// <paramref name="helloTimeout"/> with ERR BadTimeout. In each case the transport is closed and a
    /// <see cref="UacpException"/> with that code is thrown.
    /// </summary>
    public static async ValueTask<UacpConnection> AcceptAsync(
        IChunkTransport transport,
        TransportLimits limits,
        TimeSpan? helloTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(helloTimeout ?? DefaultHelloTimeout);
        var ok = false;
        try
        {
            // MessageHeader.TryParse also caps HEL at 4128 bytes, so a client cannot make us buffer more.
            transport.ReceiveLimit = limits.ReceiveBufferSize;
            using var frame = await transport.ReceiveAsync(deadline.Token).ConfigureAwait(false);
            if (frame.Header.Type != MessageType.Hello)
            {
                throw new UacpException(StatusCodes.BadTcpMessageTypeInvalid, $"Expected HEL, received {frame.Header.Type}.");
            }

            if (!HelloMessage.TryDecode(frame.Span, out var hello, out var error)
                || !TransportNegotiation.TryAcceptHello(limits, hello, out var ack, out var negotiated, out error))
            {
                throw new UacpException(error, "HEL refused.");
            }

            var writer = new ArrayBufferWriter<byte>(AcknowledgeMessage.EncodedLength);
            ack.Encode(writer);
            await transport.SendAsync(writer.WrittenMemory, deadline.Token).ConfigureAwait(false);
            var connection = new UacpConnection(transport, negotiated, hello.EndpointUrl, StatusCodes.BadResponseTooLarge);
            ok = true;
            return connection;
        }
        catch (UacpException e) when (!e.IsConnectionLost)
        {
            await UacpErrors.SendErrorAndCloseAsync(transport, e.StatusCode, e.Reason).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var timedOut = new UacpException(StatusCodes.BadTimeout, "No HEL received in time.");
            await UacpErrors.SendErrorAndCloseAsync(transport, timedOut.StatusCode, timedOut.Reason).ConfigureAwait(false);
            throw timedOut;
        }
        finally
        {
            if (!ok)
            {
                await transport.CloseAsync().ConfigureAwait(false);
            }
        }
    }
}
