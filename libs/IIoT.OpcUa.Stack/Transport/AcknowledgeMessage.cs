using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// ACK, server to client, the server's revised limits from its own point of view (OPC 10000-6 §7.1.2.4):
/// <code>
///  +--------+---------+---------+---------+--------+----------+
///  | header | Version | RecvBuf | SendBuf | MaxMsg | MaxChunk |   28 bytes in all
///  |   8    |   u32   |   u32   |   u32   |  u32   |   u32    |
///  +--------+---------+---------+---------+--------+----------+
/// </code>
/// </summary>
public sealed record AcknowledgeMessage(
    uint ProtocolVersion,
    uint ReceiveBufferSize,
    uint SendBufferSize,
    uint MaxMessageSize,
    uint MaxChunkCount)
{
    public const int EncodedLength = UacpLimits.HeaderLength + UacpLimits.AcknowledgeBodyLength;

    public void Encode(IBufferWriter<byte> output)
    {
        var span = UacpWriter.BeginFrame(output, MessageType.Acknowledge, EncodedLength);
        span = UacpWriter.WriteUInt32(span, ProtocolVersion);
        span = UacpWriter.WriteUInt32(span, ReceiveBufferSize);
        span = UacpWriter.WriteUInt32(span, SendBufferSize);
        span = UacpWriter.WriteUInt32(span, MaxMessageSize);
        UacpWriter.WriteUInt32(span, MaxChunkCount);
        output.Advance(EncodedLength);
    }

    /// <summary>Decodes one whole ACK frame; buffers under 8192 are refused (UA-D12). Never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out AcknowledgeMessage? message, out uint error)
    {
        message = null;
        if (!UacpFrame.TryOpen(frame, MessageType.Acknowledge, out var body, out error))
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
            error = StatusCodes.BadConnectionRejected;
            return false;
        }

        if (!UacpFrame.Finish(body, out error))
        {
            return false;
        }

        message = new AcknowledgeMessage(version, receive, send, maxMessage, maxChunks);
        return true;
    }
}
