using System.Buffers;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// A complete message put together from its chunks. The body lives in a pooled array that the owner returns
/// by disposing this object; <see cref="Body"/> must not be used after that.
/// </summary>
public sealed class AssembledMessage : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    internal AssembledMessage(MessageType type, uint secureChannelId, int chunkCount, byte[] buffer, int length)
    {
        Type = type;
        SecureChannelId = secureChannelId;
        ChunkCount = chunkCount;
        _buffer = buffer;
        _length = length;
    }

    public MessageType Type { get; }

    public uint SecureChannelId { get; }

    public int ChunkCount { get; }

    public ReadOnlyMemory<byte> Body =>
        _buffer is { } buffer ? buffer.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(AssembledMessage));

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
