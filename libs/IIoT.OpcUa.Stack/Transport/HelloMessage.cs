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
        span = new BufferSizeFields(ProtocolVersion, ReceiveBufferSize, SendBufferSize, MaxMessageSize, MaxChunkCount).Write(span);
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

        if (!BufferSizeFields.TryRead(ref body, out var fields, out error))
        {
            return false;
        }

        if (!body.TryReadString(UacpLimits.MaxUrlLength, StatusCodes.BadTcpEndpointUrlInvalid, out var url, out error)
            || !UacpFrame.Finish(body, out error))
        {
            return false;
        }

        message = new HelloMessage(fields.ProtocolVersion, fields.ReceiveBufferSize, fields.SendBufferSize, fields.MaxMessageSize, fields.MaxChunkCount, url);
        return true;
    }
}
