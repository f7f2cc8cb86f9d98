using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// The five UInt32 fields HEL and ACK share, in wire order (OPC 10000-6 §7.1.2.3 and §7.1.2.4):
/// <code>
/// +-----------------+-------------------+----------------+----------------+---------------+
/// | ProtocolVersion | ReceiveBufferSize | SendBufferSize | MaxMessageSize | MaxChunkCount |
/// +-----------------+-------------------+----------------+----------------+---------------+
/// </code>
/// Read and checked in one place, so both messages refuse buffers under 8192 (UA-D12) the same way.
/// </summary>
internal readonly record struct BufferSizeFields(uint ProtocolVersion, uint ReceiveBufferSize, uint SendBufferSize, uint MaxMessageSize, uint MaxChunkCount)
{
    public Span<byte> Write(Span<byte> span)
    {
        span = UacpWriter.WriteUInt32(span, ProtocolVersion);
        span = UacpWriter.WriteUInt32(span, ReceiveBufferSize);
        span = UacpWriter.WriteUInt32(span, SendBufferSize);
        span = UacpWriter.WriteUInt32(span, MaxMessageSize);
        return UacpWriter.WriteUInt32(span, MaxChunkCount);
    }

    /// <summary>Never throws: BadDecodingError when truncated, BadConnectionRejected for buffers under 8192.</summary>
    public static bool TryRead(ref UacpReader body, out BufferSizeFields fields, out uint error)
    {
        fields = default;
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
            // The spec names no code; the OPC Foundation ANSI C stack closes with this one.
            error = StatusCodes.BadConnectionRejected;
            return false;
        }
        fields = new BufferSizeFields(version, receive, send, maxMessage, maxChunks);
        error = StatusCodes.Good;
        return true;
    }
}
