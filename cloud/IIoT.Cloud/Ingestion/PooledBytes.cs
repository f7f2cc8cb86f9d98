using System.Buffers;

namespace IIoT.Cloud.Ingestion;

/// <summary>A request body in a rented array; returned to the pool on dispose.</summary>
internal sealed class PooledBytes(byte[] array, int length) : IDisposable
{
    private byte[]? _array = array;

    public ReadOnlySpan<byte> Span => (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsSpan(0, length);

    public int Length => length;

    public void Dispose()
    {
        if (_array is { } array)
        {
            _array = null;
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
