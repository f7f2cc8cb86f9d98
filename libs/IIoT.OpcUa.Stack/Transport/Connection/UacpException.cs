using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// A UA-TCP failure with the OPC UA status that describes it: a peer's ERR, a refused header or handshake, or a
/// broken connection (BadConnectionClosed / BadCommunicationError, translated in <see cref="TransportErrors"/>).
/// Cancellation is never reported this way; it stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class UacpException : Exception
{
    public UacpException(uint statusCode, string? reason, Exception? innerException = null)
        : base($"{StatusCodes.Name(statusCode)}: {reason}", innerException)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>The OPC UA status code (from the peer's ERR, or ours).</summary>
    public uint StatusCode { get; }

    /// <summary>The reason text as sent or produced, without the status name.</summary>
    public string? Reason { get; }

    /// <summary>True when the connection itself broke, so sending an ERR back is pointless.</summary>
    public bool IsConnectionLost => StatusCode is StatusCodes.BadConnectionClosed or StatusCodes.BadCommunicationError;
}
