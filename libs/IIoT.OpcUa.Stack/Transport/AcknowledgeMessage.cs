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
        new BufferSizeFields(ProtocolVersion, ReceiveBufferSize, SendBufferSize, MaxMessageSize, MaxChunkCount).Write(span);
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

        if (!BufferSizeFields.TryRead(ref body, out var fields, out error))
        {
            return false;
        }

        if (!UacpFrame.Finish(body, out error))
        {
            return false;
        }

        message = new AcknowledgeMessage(fields.ProtocolVersion, fields.ReceiveBufferSize, fields.SendBufferSize, fields.MaxMessageSize, fields.MaxChunkCount);
        return true;
    }
}
