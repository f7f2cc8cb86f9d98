using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>
/// Thrown by a service handler to answer the whole request with a ServiceFault of <see cref="StatusCode"/>
/// (e.g. BadNothingToDo, BadTooManyOperations). Not logged as an error.
/// </summary>
public sealed class ServiceResultException(uint statusCode, string? message = null)
    : Exception(message ?? StatusCodes.Name(statusCode))
{
    public uint StatusCode { get; } = statusCode;
}
