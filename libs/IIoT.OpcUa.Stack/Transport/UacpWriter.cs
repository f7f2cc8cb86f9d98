using System.Buffers;
using System.Buffers.Binary;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>Writes UACP frames: header, UInt32 and String fields (OPC 10000-6 §5.2.2.4, §7.1.2).</summary>
internal static class UacpWriter
{
    /// <summary>Encoded size of a String: 4-byte length plus the UTF-8 bytes.</summary>
    public static int StringSize(string? value) => 4 + (value is null ? 0 : UacpReader.StrictUtf8.GetByteCount(value));

    /// <summary>Throws when a string we are about to send breaks the limit the peer will enforce.</summary>
    public static void CheckLength(string? value, int maxBytes, string paramName)
    {
        if (value is not null && UacpReader.StrictUtf8.GetByteCount(value) > maxBytes)
        {
            throw new ArgumentException($"Longer than {maxBytes} UTF-8 bytes.", paramName);
        }
    }

    public static Span<byte> BeginFrame(IBufferWriter<byte> output, MessageType type, int frameLength)
    {
        var span = output.GetSpan(frameLength)[..frameLength];
        new MessageHeader(type, ChunkType.Final, (uint)frameLength).Write(span);
        return span[MessageHeader.Length..];
    }

    public static Span<byte> WriteUInt32(Span<byte> destination, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        return destination[4..];
    }

    public static Span<byte> WriteString(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination, -1);
            return destination[4..];
        }

        var length = UacpReader.StrictUtf8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, length);
        return destination[(4 + length)..];
    }
}
