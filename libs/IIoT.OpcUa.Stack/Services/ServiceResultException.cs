using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Services;

/// <summary>
/// A failure with its OPC UA status, on both sides. A client raises it for a ServiceFault, a bad ServiceResult, its own
/// timeout (BadTimeout) or a lost channel (BadConnectionClosed...); a server handler throws it to answer the request
/// with a ServiceFault. The message names the status (<see cref="StatusCodes.Name"/>), so a log line needs no lookup.
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
