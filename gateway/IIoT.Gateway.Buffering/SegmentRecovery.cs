using Microsoft.Extensions.Logging;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// Rebuilds the buffer's state from the directory at open. Policy (BUF-04/05/11), chosen so that a damaged
/// directory never causes a crash loop:
/// <list type="bullet">
/// <item>Unknown segment format version: refuse to open, before changing anything on disk.</item>
/// <item>Foreign files: ignored with a warning. Zero-length or header-less segments: removed with a warning.</item>
/// <item>Corrupt bytes inside a segment: skipped up to the next record whose magic and CRC check, counted, logged.</item>
/// <item>A torn tail of the last segment: truncated to the last valid record.</item>
/// <item>Segments wholly below the ack cursor: deleted (finishes an acknowledgement interrupted by a crash).</item>
/// </list>
/// </summary>
internal static class SegmentRecovery
{
    public static RecoveryResult Recover(string directory, AckCursorFile cursorFile, int maxRecordBytes, ILogger logger)
    {
        var cursor = LoadCursor(cursorFile, logger);
        var candidates = ListSegments(directory, logger);
        RefuseUnknownVersions(candidates);
        RemoveHeaderless(candidates, logger);

        var segments = new List<Segment>(candidates.Count);
        long corrupt = 0;
        var lastWritable = false;
        ulong nextMinimum = 0;
        using var window = new RecordWindowReader(maxRecordBytes);
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        for (var i = 0; i < candidates.Count; i++)
        {
            var (path, nameIndex) = candidates[i];
            var isLast = i == candidates.Count - 1;
            var segment = new Segment(path, nameIndex);
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
            {
                var length = RandomAccess.GetLength(handle);
                var read = RandomAccess.Read(handle, header, 0);
                var parsed = SegmentHeader.TryParse(header[..read], out _, out var headerIndex);
                var headerTrusted = parsed == SegmentHeader.ParseResult.Valid && headerIndex == nameIndex;
                if (!headerTrusted)
                {
                    Log.CorruptHeader(logger, path);
                    corrupt++;
                }
                corrupt += Scan(segment, handle, length, window, Math.Max(nameIndex, nextMinimum), isLast, logger);
                if (segment.RecordCount > 0)
                {
                    nextMinimum = segment.LastRecordIndex + 1;
                }
                nextMinimum = Math.Max(nextMinimum, nameIndex);
                lastWritable = isLast && headerTrusted && !segment.HasCorruption;
            }
            segments.Add(segment);
        }

        // Everything wholly below the cursor was delivered; the crash came between cursor write and unlink.
        for (var i = segments.Count - 2; i >= 0; i--)
        {
            var s = segments[i];
            if (s.RecordCount == 0 || s.LastRecordIndex < cursor)
            {
                File.Delete(s.Path);
                segments.RemoveAt(i);
            }
        }
        foreach (var s in segments)
        {
            s.Sealed = true;
        }
        if (segments.Count > 0 && lastWritable)
        {
            segments[^1].Sealed = false;
        }
        var next = Math.Max(nextMinimum, cursor);
        return new RecoveryResult(segments, next, Math.Min(cursor, next), corrupt, segments.Count > 0 && lastWritable);
    }

    private static long Scan(Segment segment, Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length,
        RecordWindowReader window, ulong minimumIndex, bool isLast, ILogger logger)
    {
        long corrupt = 0;
        long corruptStart = -1;
        long validEnd = SegmentHeader.Size;
        window.Reset(handle, SegmentHeader.Size, length, 1 << 20);
        while (true)
        {
            var step = window.Next();
            if (step == RecordWindowReader.Step.Record && window.Index < minimumIndex)
            {
                step = RecordWindowReader.Step.Corrupt; // a valid-looking but stale record (index went backwards)
            }
            if (step == RecordWindowReader.Step.Corrupt)
            {
                if (corruptStart < 0)
                {
                    corruptStart = window.Offset;
                }
                continue;
            }
            if (step == RecordWindowReader.Step.End)
            {
                break;
            }
            if (corruptStart >= 0)
            {
                // The stored indexes tell how many records the damaged bytes held.
                var lost = window.Index - minimumIndex;
                var records = Math.Max(1UL, lost);
                Log.CorruptRegion(logger, segment.Path, corruptStart, window.Offset - corruptStart, records);
                corrupt += (long)records;
                segment.HasCorruption = true;
                corruptStart = -1;
            }
            segment.AddRecord(window.Index, window.Offset, window.AppendedMs);
            minimumIndex = window.Index + 1;
            validEnd = window.Offset + window.EncodedLength;
        }
        if (validEnd < length)
        {
            var zeros = IsZeroFilled(handle, validEnd, length);
            if (isLast || zeros)
            {
                // The zero-filled region ahead of the writer is expected; so is a partial record after a crash mid-append.
                if (!zeros)
                {
                    Log.TruncatedTail(logger, segment.Path, length - validEnd, validEnd);
                }
                RandomAccess.SetLength(handle, validEnd);
                RandomAccess.FlushToDisk(handle);
            }
            else
            {
                Log.CorruptRegion(logger, segment.Path, validEnd, length - validEnd, 1);
                corrupt++;
            }
        }
        segment.Length = validEnd;
        return corrupt;
    }

    private static bool IsZeroFilled(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long from, long to)
    {
        Span<byte> chunk = stackalloc byte[4096];
        for (var offset = from; offset < to;)
        {
            var read = RandomAccess.Read(handle, chunk[..(int)Math.Min(chunk.Length, to - offset)], offset);
            if (read <= 0)
            {
                return true;
            }
            if (chunk[..read].IndexOfAnyExcept((byte)0) >= 0)
            {
                return false;
            }
            offset += read;
        }
        return true;
    }

    private static ulong LoadCursor(AckCursorFile cursorFile, ILogger logger)
    {
        switch (cursorFile.TryLoad(out var cursor))
        {
            case AckCursorFile.LoadResult.Loaded:
                return cursor;
            case AckCursorFile.LoadResult.Corrupt:
                Log.CursorUnusable(logger, "corrupt");
                return 0;
            default:
                return 0;
        }
    }

    private static List<(string Path, ulong Index)> ListSegments(string directory, ILogger logger)
    {
        var list = new List<(string, ulong)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (SegmentHeader.TryParseFileName(name, out var index))
            {
                list.Add((path, index));
            }
            else if (name == AckCursorFile.TempFileName)
            {
                File.Delete(path); // an interrupted cursor write; the old cursor file is still intact
            }
            else if (name != AckCursorFile.FileName && name != DurableBuffer.LockFileName)
            {
                Log.ForeignFile(logger, name);
            }
        }
        list.Sort(static (a, b) => a.Item2.CompareTo(b.Item2));
        return list;
    }

    /// <summary>Zero-length or header-less files (a crash while creating a segment, or junk with a segment name) hold no records.</summary>
    private static void RemoveHeaderless(List<(string Path, ulong Index)> candidates, ILogger logger)
    {
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        for (var i = candidates.Count - 1; i >= 0; i--)
        {
            var path = candidates[i].Path;
            long length;
            SegmentHeader.ParseResult parsed;
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read))
            {
                length = RandomAccess.GetLength(handle);
                var read = RandomAccess.Read(handle, header, 0);
                parsed = SegmentHeader.TryParse(header[..read], out _, out _);
            }
            if (length == 0 || parsed is SegmentHeader.ParseResult.TooShort or SegmentHeader.ParseResult.BadMagic)
            {
                Log.RemovedSegment(logger, path, length == 0 ? "zero length" : "no valid segment header");
                File.Delete(path);
                candidates.RemoveAt(i);
            }
        }
    }

    private static void RefuseUnknownVersions(List<(string Path, ulong Index)> candidates)
    {
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        foreach (var (path, _) in candidates)
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var read = RandomAccess.Read(handle, header, 0);
            if (SegmentHeader.TryParse(header[..read], out var version, out _) == SegmentHeader.ParseResult.UnknownVersion)
            {
                throw new UnsupportedBufferFormatException(
                    $"Segment '{path}' has format version {version}; this build reads version {SegmentHeader.CurrentVersion} only. " +
                    "Drain the buffer with the version that wrote it, or move the directory aside. Nothing was changed on disk.");
            }
        }
    }
}
