using System.Net.Sockets;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// The one place where socket and stream failures become protocol errors (STYLE.md "Protocol code").
/// Used in exception filters, so <see cref="OperationCanceledException"/> is never caught, let alone wrapped.
/// </summary>
internal static class TransportErrors
{
    /// <summary>True for the exceptions a broken or closed connection raises.</summary>
    public static bool IsTransportFailure(Exception exception) =>
        exception is IOException or SocketException or ObjectDisposedException;

    public static UacpException Translate(Exception exception)
    {
        var socketError = exception switch
        {
            SocketException s => s.SocketErrorCode,
            IOException { InnerException: SocketException s } => s.SocketErrorCode,
            _ => SocketError.Success,
        };

        // A peer that went away (reset, shutdown, our own close) is "closed"; anything else is a communication error.
        var status = socketError switch
        {
            SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
                or SocketError.Disconnecting or SocketError.OperationAborted => StatusCodes.BadConnectionClosed,
            SocketError.Success when exception is ObjectDisposedException or EndOfStreamException => StatusCodes.BadConnectionClosed,
            _ => StatusCodes.BadCommunicationError,
        };

        return new UacpException(status, exception.Message, exception);
    }

    public static UacpException Closed(string reason) => new(StatusCodes.BadConnectionClosed, reason);
}
