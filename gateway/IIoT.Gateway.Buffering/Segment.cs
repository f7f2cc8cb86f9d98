namespace IIoT.Gateway.Buffering;

/// <summary>
/// What the buffer knows about one segment file. Mutated by the writer and read by the reader,
/// always under <see cref="BufferState.Sync"/>.
/// </summary>
internal sealed class Segment
{
    /// <summary>One offset is remembered per this many records, so a reader can seek without scanning the whole file.</summary>
    public const int SparseEvery = 1024;

    private readonly List<ulong> _sparseIndexes = [];
    private readonly List<long> _sparseOffsets = [];
    private ulong _lastSparse;

    public Segment(string path, ulong firstIndex)
    {
        Path = path;
        FirstIndex = firstIndex;
        Length = SegmentHeader.Size;
    }

    public string Path { get; }

    /// <summary>The index in the file name: no record in this segment has a smaller one.</summary>
    public ulong FirstIndex { get; }

    /// <summary>Committed (fsynced) bytes, header included.</summary>
    public long Length { get; set; }

    public long RecordCount { get; private set; }

    public ulong FirstRecordIndex { get; private set; }

    public ulong LastRecordIndex { get; private set; }

    public long FirstAppendedMs { get; private set; }

    public long LastAppendedMs { get; private set; }

    /// <summary>Records from here on are not found by offset arithmetic: the reader must resync.</summary>
    public bool HasCorruption { get; set; }

    /// <summary>No more appends go here (rolled, or a write failed).</summary>
    public bool Sealed { get; set; }

    public void AddRecord(ulong index, long offset, long appendedMs)
    {
        if (RecordCount == 0)
        {
            FirstRecordIndex = index;
            FirstAppendedMs = appendedMs;
        }
        if (RecordCount == 0 || index - _lastSparse >= SparseEvery)
        {
            _sparseIndexes.Add(index);
            _sparseOffsets.Add(offset);
            _lastSparse = index;
        }
        RecordCount++;
        LastRecordIndex = index;
        LastAppendedMs = appendedMs;
    }

    /// <summary>An offset at or before the record with <paramref name="index"/> (a record start, or the header end).</summary>
    public long SeekOffset(ulong index)
    {
        var lo = 0;
        var hi = _sparseIndexes.Count - 1;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sparseIndexes[mid] <= index)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found < 0 ? SegmentHeader.Size : _sparseOffsets[found];
    }
}
