using System.Buffers;
using System.Buffers.Binary;
using IIoT.OpcUa.Stack.Transport;

namespace IIoT.OpcUa.Stack.Tests.Transport;

internal static class Chunks
{
    /// <summary>Cuts a stream of back-to-back chunks at the sizes their headers announce.</summary>
    public static List<byte[]> Frames(ReadOnlySpan<byte> stream)
    {
        var frames = new List<byte[]>();
        while (!stream.IsEmpty)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(stream[4..]);
            frames.Add(stream[..size].ToArray());
            stream = stream[size..];
        }

        return frames;
    }

    /// <summary>One chunk with a raw body after the SecureChannelId.</summary>
    public static byte[] Make(MessageType type, ChunkType chunkType, uint channelId, ReadOnlySpan<byte> body)
    {
        var frame = new byte[12 + body.Length];
        new MessageHeader(type, chunkType, (uint)frame.Length).Write(frame);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), channelId);
        body.CopyTo(frame.AsSpan(12));
        return frame;
    }

    public static byte[] Abort(uint channelId, uint status, string? reason)
    {
        var writer = new ArrayBufferWriter<byte>();
        new ChunkSplitter(8192, 0, 0).WriteAbort(writer, channelId, status, reason);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + (i >> 8));
        }

        return bytes;
    }
}
