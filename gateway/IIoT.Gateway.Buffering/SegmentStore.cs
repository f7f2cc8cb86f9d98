using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace IIoT.Gateway.Buffering;

/// <summary>The writer's side of the segment files: the active segment's handle, creation, append+fsync, sealing, deletion.</summary>
internal sealed class SegmentStore : IDisposable
{
    private readonly BufferState _state;
    private readonly string _directory;
    private static readonly byte[] Zeros = new byte[1 << 20];
    private readonly int _zeroChunk;
    private SafeFileHandle? _handle;
    private Segment? _active;
    private long _zeroedEnd;
    private bool _zeroFillFailed;

    public SegmentStore(BufferState state, string directory, bool lastSegmentWritable, long segmentBytes)
    {
        _state = state;
        _directory = directory;
        _zeroChunk = (int)Math.Clamp(segmentBytes / 8, 4096, Zeros.Length);
        if (lastSegmentWritable && state.Segments.Count > 0)
        {
            _active = state.Segments[^1];
            _handle = File.OpenHandle(_active.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            _zeroedEnd = RandomAccess.GetLength(_handle);
        }
    }

    /// <summary>The segment appends go to, or null until the next <see cref="EnsureActive"/>.</summary>
    public Segment? Active => _active;

    /// <summary>
    /// Returns the active segment, creating "firstIndex.seg" when there is none: header written, file fsynced,
    /// then the directory fsynced so that the new name survives power loss before any record in it is reported durable.
    /// </summary>
    public Segment EnsureActive(ulong firstIndex)
    {
        if (_active is not null && _handle is not null)
        {
            return _active;
        }
        var path = Path.Combine(_directory, SegmentHeader.FileName(firstIndex));
        lock (_state.Sync)
        {
            // An empty, unwritable segment recovered under the same name is replaced by the new file.
            if (_state.Segments.Count > 0 && _state.Segments[^1].FirstIndex == firstIndex && _state.Segments[^1].RecordCount == 0)
            {
                _state.DiskBytes -= _state.Segments[^1].Length;
                _state.Segments.RemoveAt(_state.Segments.Count - 1);
            }
        }
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            Span<byte> header = stackalloc byte[SegmentHeader.Size];
            SegmentHeader.Write(header, firstIndex);
            RandomAccess.Write(handle, header, 0);
            RandomAccess.FlushToDisk(handle);
            DirectorySync.Fsync(_directory);
        }
        catch
        {
            handle.Dispose();
            TryDeleteFile(path);
            throw;
        }
        var segment = new Segment(path, firstIndex);
        lock (_state.Sync)
        {
            _state.Segments.Add(segment);
            _state.DiskBytes += segment.Length;
        }
        _active = segment;
        _handle = handle;
        _zeroedEnd = SegmentHeader.Size;
        _zeroFillFailed = false;
        return segment;
    }

    /// <summary>
    /// Writes bytes after the committed end of the active segment and syncs them (fdatasync). When the write
    /// reaches the zero-filled end, another chunk of zeros is written behind it first, so that only one sync in
    /// many carries a size change. Commits nothing in memory.
    /// </summary>
    public void AppendAndSync(ReadOnlySpan<byte> data)
    {
        var end = _active!.Length + data.Length;
        RandomAccess.Write(_handle!, data, _active.Length);
        if (end > _zeroedEnd && !_zeroFillFailed)
        {
            try
            {
                RandomAccess.Write(_handle!, Zeros.AsSpan(0, _zeroChunk), end);
                _zeroedEnd = end + _zeroChunk;
            }
            catch (IOException)
            {
                _zeroFillFailed = true; // disk nearly full: plain appends still work, only slower
            }
        }
        DataSync.Flush(_handle!);
    }

    /// <summary>
    /// Stops appending to the active segment and cuts the file to its committed length: the zero-filled rest, or
    /// after a failed write the uncommitted tail (best effort: recovery ignores zeros and truncates a torn tail of
    /// the last segment anyway, and the indexes in a failed write are never reused).
    /// </summary>
    public void Seal()
    {
        if (_active is null)
        {
            return;
        }
        if (_handle is not null)
        {
            try
            {
                RandomAccess.SetLength(_handle, _active.Length);
            }
            catch (IOException)
            {
            }
        }
        _handle?.Dispose();
        _handle = null;
        lock (_state.Sync)
        {
            _active.Sealed = true;
        }
        _active = null;
    }

    /// <summary>Forgets a segment and unlinks its file; safe to call twice. Returns false if it was already gone.</summary>
    public static bool Delete(BufferState state, Segment segment, ILogger logger)
    {
        lock (state.Sync)
        {
            if (!state.Segments.Remove(segment))
            {
                return false;
            }
            state.DiskBytes -= segment.Length;
        }
        try
        {
            File.Delete(segment.Path);
        }
        catch (IOException e)
        {
            Log.DeleteFailed(logger, e, segment.Path);
        }
        catch (UnauthorizedAccessException e)
        {
            Log.DeleteFailed(logger, e, segment.Path);
        }
        return true;
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Closes the active segment, cutting the zero-filled rest so that a clean shutdown leaves exact files.</summary>
    public void Dispose()
    {
        if (_handle is not null && _active is not null)
        {
            try
            {
                RandomAccess.SetLength(_handle, _active.Length);
            }
            catch (IOException)
            {
            }
        }
        _handle?.Dispose();
        _handle = null;
    }
}
