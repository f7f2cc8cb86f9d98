using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// RHE, server to client on a connection the server opened; a normal HEL follows (OPC 10000-6 §7.1.2.6):
/// <code>
///  +--------+------------------+------------------+
///  | header | ServerUri String | EndpointUrl Str. |
///  |   8    | i32 len + UTF-8  | i32 len + UTF-8  |
///  +--------+------------------+------------------+
/// </code>
/// </summary>
public sealed record ReverseHelloMessage(string? ServerUri, string? EndpointUrl)
{
    public int EncodedLength => UacpLimits.HeaderLength + UacpWriter.StringSize(ServerUri) + UacpWriter.StringSize(EndpointUrl);

    public void Encode(IBufferWriter<byte> output)
    {
        UacpWriter.CheckLength(ServerUri, UacpLimits.MaxUrlLength, nameof(ServerUri));
        UacpWriter.CheckLength(EndpointUrl, UacpLimits.MaxUrlLength, nameof(EndpointUrl));
        var length = EncodedLength;
        var span = UacpWriter.BeginFrame(output, MessageType.ReverseHello, length);
        span = UacpWriter.WriteString(span, ServerUri);
        UacpWriter.WriteString(span, EndpointUrl);
        output.Advance(length);
    }

    /// <summary>Decodes one whole RHE frame; either string over 4096 bytes -> BadTcpEndpointUrlInvalid. Never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out ReverseHelloMessage? message, out uint error)
    {
        message = null;
        if (!UacpFrame.TryOpen(frame, MessageType.ReverseHello, out var body, out error))
        {
            return false;
        }

        if (!body.TryReadString(UacpLimits.MaxUrlLength, StatusCodes.BadTcpEndpointUrlInvalid, out var serverUri, out error)
            || !body.TryReadString(UacpLimits.MaxUrlLength, StatusCodes.BadTcpEndpointUrlInvalid, out var url, out error)
            || !UacpFrame.Finish(body, out error))
        {
            return false;
        }

        message = new ReverseHelloMessage(serverUri, url);
        return true;
    }
}
