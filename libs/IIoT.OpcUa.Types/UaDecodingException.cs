namespace IIoT.OpcUa.Types;

/// <summary>
/// The only exception the binary reader throws. <see cref="StatusCode"/> is BadDecodingError (malformed or truncated
/// input) or BadEncodingLimitsExceeded (a configured limit was hit).
/// </summary>
public sealed class UaDecodingException(StatusCode statusCode, string message) : Exception(message)
{
    public StatusCode StatusCode { get; } = statusCode;
}
