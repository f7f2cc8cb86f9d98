namespace IIoT.Gateway.Buffering;

/// <summary>A snapshot of the buffer for metrics.</summary>
/// <param name="RecordCount">Committed records not yet acknowledged (index arithmetic: an upper bound when indexes have gaps).</param>
/// <param name="Bytes">Bytes of segment files on disk (what <see cref="DurableBufferOptions.MaxBytes"/> bounds).</param>
/// <param name="OldestUnackedAppendedAt">Append time of the oldest unacknowledged record, or null when there is none.</param>
/// <param name="DroppedRecords">Records deleted by <see cref="OverflowPolicy.DropOldest"/> since open.</param>
/// <param name="CorruptRecords">Records found corrupt (CRC, length) and skipped since open.</param>
/// <param name="AppendedRecords">Records appended durably since open.</param>
/// <param name="NextIndex">Index the next appended record gets.</param>
/// <param name="AckCursor">The persisted acknowledgement cursor (exclusive).</param>
public readonly record struct BufferStats(
    long RecordCount,
    long Bytes,
    DateTimeOffset? OldestUnackedAppendedAt,
    long DroppedRecords,
    long CorruptRecords,
    long AppendedRecords,
    ulong NextIndex,
    ulong AckCursor);
