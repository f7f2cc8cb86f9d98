namespace IIoT.Gateway.Buffering;

/// <summary>What <see cref="SegmentRecovery"/> found on disk.</summary>
internal sealed record RecoveryResult(List<Segment> Segments, ulong NextIndex, ulong Cursor, long CorruptRecords, bool LastSegmentWritable);
