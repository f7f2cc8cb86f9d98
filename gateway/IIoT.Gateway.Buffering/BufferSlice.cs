namespace IIoT.Gateway.Buffering;

/// <summary>The result of one <see cref="DurableBuffer.ReadAsync"/>.</summary>
public sealed class BufferSlice
{
    private readonly ulong _expectedIndex;

    internal BufferSlice(ulong requestedIndex, ulong acknowledgedBefore, ulong firstIndex, ulong nextIndex, IReadOnlyList<BufferRecord> records)
    {
        RequestedIndex = requestedIndex;
        _expectedIndex = Math.Max(requestedIndex, acknowledgedBefore);
        FirstIndex = firstIndex;
        NextIndex = nextIndex;
        Records = records;
    }

    /// <summary>The index the caller asked for.</summary>
    public ulong RequestedIndex { get; }

    /// <summary>
    /// Index of the first record returned; when the slice is empty, the first index still available.
    /// Greater than <see cref="RequestedIndex"/> when the records in between were acknowledged (never returned
    /// again, so a reader that starts at 0 resumes at the persisted cursor), dropped, or lost to corruption.
    /// </summary>
    public ulong FirstIndex { get; }

    /// <summary>Where the next read should start (one past the last record returned).</summary>
    public ulong NextIndex { get; }

    /// <summary>The records, in index order. Indexes can jump where records were dropped or corrupt.</summary>
    public IReadOnlyList<BufferRecord> Records { get; }

    /// <summary>
    /// True when unacknowledged records between <see cref="RequestedIndex"/> and <see cref="FirstIndex"/> are gone
    /// (dropped by DropOldest, corrupt, or indexes skipped by a failed write). Acknowledged records are not a gap.
    /// </summary>
    public bool HasGap => FirstIndex > _expectedIndex;
}
