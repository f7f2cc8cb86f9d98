using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// HEL, client to server, first frame on a connection (OPC 10000-6 §7.1.2.3):
/// <code>
///  +--------+---------+---------+---------+--------+----------+---------------------+
///  | header | Version | RecvBuf | SendBuf | MaxMsg | MaxChunk | EndpointUrl String  |
///  |   8    |   u32   |   u32   |   u32   |  u32   |   u32    | i32 len + UTF-8     |
///  +--------+---------+---------+---------+--------+----------+---------------------+
/// </code>
/// MaxMessageSize and MaxChunkCount of 0 mean "no limit".
/// </summary>
public sealed record HelloMessage(
    uint ProtocolVersion,
    uint ReceiveBufferSize,
    uint SendBufferSize,
    uint MaxMessageSize,
    uint MaxChunkCount,
    string? EndpointUrl)
{
    public int EncodedLength => UacpLimits.HeaderLength + UacpLimits.HelloFixedLength + UacpWriter.StringSize(EndpointUrl);

    public void Encode(IBufferWriter<byte> output)
    {
        UacpWriter.CheckLength(EndpointUrl, UacpLimits.MaxUrlLength, nameof(EndpointUrl));
        var length = EncodedLength;
        var span = UacpWriter.BeginFrame(output, MessageType.Hello, length);
        span = UacpWriter.WriteUInt32(span, ProtocolVersion);
        span = UacpWriter.WriteUInt32(span, ReceiveBufferSize);
        span = UacpWriter.WriteUInt32(span, SendBufferSize);
        span = UacpWriter.WriteUInt32(span, MaxMessageSize);
        span = UacpWriter.WriteUInt32(span, MaxChunkCount);
        UacpWriter.WriteString(span, EndpointUrl);
        output.Advance(length);
    }

    /// <summary>
    /// Decodes one whole HEL frame (header included). Refuses buffers under 8192 (OPC 10000-6 §7.1.2.3, UA-D12)
    /// with BadConnectionRejected and an EndpointUrl over 4096 bytes with BadTcpEndpointUrlInvalid. Never throws.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out HelloMessage? message, out uint error)
    {
        message = null;
        if (!UacpFrame.TryOpen(frame, MessageType.Hello, out var body, out error))
        {
            return false;
        }

        if (!body.TryReadUInt32(out var version)
            || !body.TryReadUInt32(out var receive)
            || !body.TryReadUInt32(out var send)
            || !body.TryReadUInt32(out var maxMessage)
            || !body.TryReadUInt32(out var maxChunks))
        {
            error = StatusCodes.BadDecodingError;
            return false;
        }

        if (receive < UacpLimits.MinBufferSize || send < UacpLimits.MinBufferSize)
        {
            // The OPC Foundation ANSI C stack closes with this code; the spec names none.
            error = StatusCodes.BadConnectionRejected;
            return false;
        }

        if (!body.TryReadString(UacpLimits.MaxUrlLength, StatusCodes.BadTcpEndpointUrlInvalid, out var url, out error)
            || !UacpFrame.Finish(body, out error))
        {
            return false;
        }

        message = new HelloMessage(version, receive, send, maxMessage, maxChunks, url);
        return true;
    }
}
