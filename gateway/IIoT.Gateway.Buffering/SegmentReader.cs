using Microsoft.Win32.SafeHandles;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// Reads committed records from the segment files for the single consumer. Sequential reads continue from a
/// remembered (segment, offset) so no seek is needed; other positions start from the segment's sparse index.
/// Recent records are usually still in the OS page cache, so a read is one pread per window, no scan.
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    private const int ArenaBytes = 64 * 1024;
    private readonly BufferState _state;
    private readonly RecordWindowReader _window;
    private Segment? _handleSegment;
    private SafeFileHandle? _handle;
    private Segment? _hintSegment;
    private long _hintOffset;
    private ulong _hintIndex;

    public SegmentReader(BufferState state, int maxRecordBytes)
    {
        _state = state;
        _window = new RecordWindowReader(maxRecordBytes);
    }

    /// <summary>Reads records with index >= <paramref name="fromIndex"/> (or the first still available).</summary>
    public BufferSlice Read(ulong fromIndex, int maxRecords, int maxBytes, ulong requestedIndex)
    {
        ulong start;
        ulong committedNext;
        ulong cursor;
        lock (_state.Sync)
        {
            cursor = _state.Cursor;
            start = Math.Max(fromIndex, _state.FirstReadableIndex());
            committedNext = _state.CommittedNext;
        }
        var records = new List<BufferRecord>(Math.Min(maxRecords, 512));
        var next = start;
        long payloadBytes = 0;
        byte[] arena = [];
        var arenaUsed = 0;
        var full = false;
        Segment? previous = null;
        var readSize = (int)Math.Min(1 << 20, (long)maxBytes + ((long)maxRecords * RecordFormat.HeaderSize));
        while (!full && next < committedNext)
        {
            Segment segment;
            long offset;
            long end;
            lock (_state.Sync)
            {
                var i = previous is null ? _state.FindSegment(next) : _state.Segments.IndexOf(previous) + 1;
                if (i == 0 && previous is not null)
                {
                    i = _state.FindSegment(next); // the previous segment was deleted underneath us
                }
                if (i < 0 || i >= _state.Segments.Count)
                {
                    break;
                }
                segment = _state.Segments[i];
                end = segment.Length;
                offset = ReferenceEquals(_hintSegment, segment) && _hintIndex == next ? _hintOffset : segment.SeekOffset(next);
            }
            previous = segment;
            SafeFileHandle handle;
            try
            {
                handle = OpenHandle(segment);
            }
            catch (FileNotFoundException)
            {
                continue; // dropped or removed while we looked: the next segment holds later records
            }
            _window.Reset(handle, offset, end, readSize);
            while (true)
            {
                var step = _window.Next();
                if (step == RecordWindowReader.Step.End)
                {
                    break;
                }
                if (step == RecordWindowReader.Step.Corrupt || _window.Index < next)
                {
                    continue; // corruption was counted at open; stale records are skipped
                }
                if (_window.Index >= committedNext)
                {
                    full = true;
                    break;
                }
                var length = _window.EncodedLength - RecordFormat.HeaderSize;
                if (records.Count >= maxRecords || (records.Count > 0 && payloadBytes + length > maxBytes))
                {
                    full = true;
                    break;
                }
                if (arena.Length - arenaUsed < length)
                {
                    // One array per ~64 KiB of payloads rather than one per record; the slice owns them.
                    arena = new byte[Math.Max(length, (int)Math.Min(ArenaBytes, Math.Max(0, maxBytes - payloadBytes)))];
                    arenaUsed = 0;
                }
                _window.Payload.CopyTo(arena.AsSpan(arenaUsed));
                records.Add(new BufferRecord(_window.Index, DateTimeOffset.FromUnixTimeMilliseconds(_window.AppendedMs), arena.AsMemory(arenaUsed, length)));
                arenaUsed += length;
                payloadBytes += length;
                next = _window.Index + 1;
                _hintSegment = segment;
                _hintOffset = _window.Offset + _window.EncodedLength;
                _hintIndex = next;
            }
        }
        if (records.Count == 0)
        {
            // Nothing valid between start and the committed end (e.g. all corrupt): move the reader past it.
            var skipTo = full ? start : Math.Max(start, committedNext);
            return new BufferSlice(requestedIndex, cursor, start, skipTo, records);
        }
        return new BufferSlice(requestedIndex, cursor, records[0].Index, next, records);
    }

    /// <summary>Append time of the first committed record at or after <paramref name="index"/>, or null if none.</summary>
    public long? PeekAppendedMs(ulong index)
    {
        // Keep the consumer's sequential position: a peek must not turn its next read into a seek.
        var (hintSegment, hintOffset, hintIndex) = (_hintSegment, _hintOffset, _hintIndex);
        var slice = Read(index, 1, 0, index);
        (_hintSegment, _hintOffset, _hintIndex) = (hintSegment, hintOffset, hintIndex);
        return slice.Records.Count > 0 ? slice.Records[0].AppendedAt.ToUnixTimeMilliseconds() : null;
    }

    private SafeFileHandle OpenHandle(Segment segment)
    {
        if (ReferenceEquals(_handleSegment, segment) && _handle is not null)
        {
            return _handle;
        }
        _handle?.Dispose();
        _handle = null;
        _handleSegment = null;
        _handle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _handleSegment = segment;
        return _handle;
    }

    public void Dispose()
    {
        _handle?.Dispose();
        _window.Dispose();
    }
}
