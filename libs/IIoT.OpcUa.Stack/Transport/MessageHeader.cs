using System.Buffers.Binary;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// The 8-byte header in front of every UA-TCP frame (OPC 10000-6 §7.1.2.2):
/// <code>
///  0        3     4                 8
///  +--------+-----+-----------------+
///  | "HEL"  | 'F' | MessageSize u32 |   size counts these 8 bytes too
///  +--------+-----+-----------------+
/// </code>
/// </summary>
public readonly record struct MessageHeader(MessageType Type, ChunkType ChunkType, uint MessageSize)
{
    public const int Length = UacpLimits.HeaderLength;

    public bool IsSecureConversation =>
        Type is MessageType.Message or MessageType.OpenSecureChannel or MessageType.CloseSecureChannel;

    /// <summary>
    /// Validates a header before any body byte is read (OPC 10000-6 §7.1.2.2, UA-D11): the type, the chunk
    /// type allowed for it, and the size against the smallest frame of that type and <paramref name="maxMessageSize"/>
    /// (the negotiated ReceiveBufferSize, or our own before HEL/ACK). Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> source, uint maxMessageSize, out MessageHeader header, out uint error)
    {
        header = default;
        if (source.Length < Length)
        {
            error = StatusCodes.BadDecodingError;
            return false;
        }

        var type = (MessageType)(BinaryPrimitives.ReadUInt32LittleEndian(source) & 0x00FFFFFF);
        var chunk = (ChunkType)source[3];
        var size = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);

        var minSize = MinimumSize(type);
        if (minSize == 0 || !ChunkTypeAllowed(type, chunk))
        {
            error = StatusCodes.BadTcpMessageTypeInvalid;
            return false;
        }

        // A size that cannot even hold the fixed fields (including 0) says the frame is not what it claims to be.
        if (size < minSize)
        {
            error = StatusCodes.BadTcpMessageTypeInvalid;
            return false;
        }

        if (size > maxMessageSize || size > MaximumSize(type))
        {
            error = StatusCodes.BadTcpMessageTooLarge;
            return false;
        }

        header = new MessageHeader(type, chunk, size);
        error = 0;
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)Type | ((uint)ChunkType << 24));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], MessageSize);
    }

    // OPC 10000-6 §6.7.2.2: MSG may be C/F/A; OPN and CLO are single chunks; UACP messages are always F (§7.1.2.2).
    private static bool ChunkTypeAllowed(MessageType type, ChunkType chunk) => type switch
    {
        MessageType.Message => chunk is ChunkType.Final or ChunkType.Intermediate or ChunkType.Abort,
        _ => chunk == ChunkType.Final,
    };

    private static uint MinimumSize(MessageType type) => type switch
    {
        MessageType.Hello => UacpLimits.MinHelloLength,
        MessageType.Acknowledge => UacpLimits.HeaderLength + UacpLimits.AcknowledgeBodyLength,
        MessageType.Error => UacpLimits.MinErrorLength,
        MessageType.ReverseHello => UacpLimits.MinReverseHelloLength,
        MessageType.Message or MessageType.OpenSecureChannel or MessageType.CloseSecureChannel =>
            UacpLimits.SecureChannelHeaderLength,
        _ => 0,
    };

    private static uint MaximumSize(MessageType type) => type switch
    {
        MessageType.Hello => UacpLimits.MaxHelloLength,
        MessageType.Acknowledge => UacpLimits.HeaderLength + UacpLimits.AcknowledgeBodyLength,
        MessageType.Error => UacpLimits.MaxErrorLength,
        MessageType.ReverseHello => UacpLimits.MaxReverseHelloLength,
        _ => uint.MaxValue,
    };
}
