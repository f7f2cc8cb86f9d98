using System.Buffers;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// One whole UA-TCP frame (8-byte header included) received by an <see cref="IChunkTransport"/>. The bytes live
/// in a pooled array owned by whoever received the frame; dispose it once, and do not touch
/// <see cref="Memory"/> afterwards.
/// </summary>
public sealed class Frame : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    internal Frame(MessageHeader header, byte[] buffer, int length)
    {
        Header = header;
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The header, already validated against the receive limit.</summary>
    public MessageHeader Header { get; }

    public int Length => _length;

    public ReadOnlyMemory<byte> Memory =>
        _buffer is { } buffer ? buffer.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(Frame));

    public ReadOnlySpan<byte> Span => Memory.Span;

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
