using System.Buffers.Binary;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>Walks a buffer of consecutive chunks written by <see cref="ChunkSplitter"/>, one whole chunk at a time.</summary>
internal static class ChunkFrames
{
    /// <summary>The chunks in order, each cut where its own MessageSize field says (OPC 10000-6 §7.1.2.2).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Each(ReadOnlyMemory<byte> chunks)
    {
        while (!chunks.IsEmpty)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(chunks.Span[4..]);
            yield return chunks[..size];
            chunks = chunks[size..];
        }
    }
}
