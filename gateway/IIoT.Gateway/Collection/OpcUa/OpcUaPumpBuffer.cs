namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// The records of one append, written back to back into a few large reused chunks instead of one byte[] per value.
/// <see cref="Records"/> are slices of the chunks: valid until <see cref="Reset"/>, which the pump calls only after the
/// append returned (the sink copies what it keeps before it completes).
/// </summary>
internal sealed class OpcUaPumpBuffer
{
    /// <summary>Chunks kept between appends; a record larger than this gets an array of its own.</summary>
    public const int ChunkSize = 256 * 1024;

    /// <summary>More chunks than an append needs are let go after it, so one oversized record does not pin memory for good.</summary>
    private const int KeptChunks = OpcUaGroupPump.DefaultMaxBytesPerAppend / ChunkSize + 1;

    private readonly List<byte[]> _chunks = [];
    private readonly List<ReadOnlyMemory<byte>> _records = [];
    private int _chunk = -1;
    private int _used;
    private byte[]? _oversized;

    public IReadOnlyList<ReadOnlyMemory<byte>> Records => _records;

    /// <summary>Bytes of all records so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>Room for a record of <paramref name="size"/> bytes; <see cref="Commit"/> it after writing.</summary>
    public Span<byte> Reserve(int size)
    {
        if (size > ChunkSize)
        {
            _oversized = new byte[size];
            return _oversized;
        }
        if (_chunk < 0 || _used + size > ChunkSize)
        {
            _chunk++;
            if (_chunk == _chunks.Count)
            {
                _chunks.Add(GC.AllocateUninitializedArray<byte>(ChunkSize));
            }
            _used = 0;
        }
        return _chunks[_chunk].AsSpan(_used, size);
    }

    public void Commit(int size)
    {
        if (_oversized is { } own)
        {
            _records.Add(own.AsMemory(0, size));
            _oversized = null;
        }
        else
        {
            _records.Add(_chunks[_chunk].AsMemory(_used, size));
            _used += size;
        }
        Bytes += size;
    }

    public void Reset()
    {
        _records.Clear();
        if (_records.Capacity > 1 << 16)
        {
            _records.Capacity = 1 << 16;
        }
        if (_chunks.Count > KeptChunks)
        {
            _chunks.RemoveRange(KeptChunks, _chunks.Count - KeptChunks);
        }
        _chunk = -1;
        _used = 0;
        Bytes = 0;
    }
}
