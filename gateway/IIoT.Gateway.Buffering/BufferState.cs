namespace IIoT.Gateway.Buffering;

/// <summary>
/// State shared by the writer loop, the reader and acknowledgements. Every field is read and written under
/// <see cref="Sync"/>; file IO happens outside it.
/// </summary>
internal sealed class BufferState
{
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BufferState(RecoveryResult recovered)
    {
        Segments = recovered.Segments;
        NextIndex = recovered.NextIndex;
        CommittedNext = recovered.NextIndex;
        Cursor = recovered.Cursor;
        CorruptRecords = recovered.CorruptRecords;
        foreach (var s in Segments)
        {
            DiskBytes += s.Length;
        }
    }

    public object Sync { get; } = new();

    /// <summary>Segments in index order; the last one may be the active (unsealed) one.</summary>
    public List<Segment> Segments { get; }

    /// <summary>Index the writer gives the next record. Indexes of a failed write are skipped, never reused.</summary>
    public ulong NextIndex { get; set; }

    /// <summary>One past the highest fsynced index: the reader sees nothing at or above it.</summary>
    public ulong CommittedNext { get; set; }

    public ulong Cursor { get; set; }

    public long DiskBytes { get; set; }

    public long DroppedRecords { get; set; }

    public long CorruptRecords { get; set; }

    public long AppendedRecords { get; set; }

    /// <summary>Append time of the record at the cursor, when known; null means "look it up".</summary>
    public long? OldestUnackedMs { get; set; }

    /// <summary>Completes at the next commit; callers must hold <see cref="Sync"/>.</summary>
    public Task CommittedSignal => _committed.Task;

    /// <summary>Wakes readers; callers must hold <see cref="Sync"/>.</summary>
    public void SignalCommitted()
    {
        var old = _committed;
        _committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    /// <summary>Index of the first record still on disk (or <see cref="CommittedNext"/> when none); callers hold <see cref="Sync"/>.</summary>
    public ulong FirstAvailableIndex()
    {
        foreach (var s in Segments)
        {
            if (s.RecordCount > 0)
            {
                return s.FirstRecordIndex;
            }
        }
        return CommittedNext;
    }

    /// <summary>Where a read starts at the earliest: acknowledged records are delivered and never returned again; callers hold <see cref="Sync"/>.</summary>
    public ulong FirstReadableIndex() => Math.Max(Cursor, FirstAvailableIndex());

    /// <summary>The segment holding <paramref name="index"/> or the first one after it; callers hold <see cref="Sync"/>.</summary>
    public int FindSegment(ulong index)
    {
        for (var i = Segments.Count - 1; i >= 0; i--)
        {
            if (Segments[i].FirstIndex <= index)
            {
                return i;
            }
        }
        return Segments.Count > 0 ? 0 : -1;
    }
}
