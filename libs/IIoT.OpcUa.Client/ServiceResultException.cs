using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client;

/// <summary>
/// A service or connection failure with its OPC UA status: a ServiceFault, a bad ServiceResult, our own timeout
/// (BadTimeout), a lost channel (BadConnectionClosed, BadNotConnected...). The message names the status
/// (<see cref="StatusCodes.Name"/>), so a log line says what happened without a lookup table.
/// </summary>
public sealed class ServiceResultException : Exception
{
    public ServiceResultException(uint statusCode, string? reason = null, Exception? innerException = null)
        : base($"{StatusCodes.Name(statusCode)} (0x{statusCode:X8}){(reason is null ? "" : ": " + reason)}", innerException)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    /// <summary>The OPC UA status code.</summary>
    public uint StatusCode { get; }

    /// <summary>The status code's symbolic name, e.g. "BadTooManyOperations".</summary>
    public string StatusName => StatusCodes.Name(StatusCode);

    /// <summary>Why, in words; null when the status says it all.</summary>
    public string? Reason { get; }
}
