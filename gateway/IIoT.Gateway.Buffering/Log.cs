using Microsoft.Extensions.Logging;

namespace IIoT.Gateway.Buffering;

/// <summary>Log messages of the buffer; event ids 2100-2199.</summary>
internal static partial class Log
{
    [LoggerMessage(2100, LogLevel.Information, "Buffer opened at {Directory}: {Segments} segments, next index {NextIndex}, ack cursor {Cursor}, {Corrupt} corrupt records skipped")]
    public static partial void Opened(ILogger logger, string directory, int segments, ulong nextIndex, ulong cursor, long corrupt);

    [LoggerMessage(2101, LogLevel.Warning, "Ignoring foreign file {File} in the buffer directory")]
    public static partial void ForeignFile(ILogger logger, string file);

    [LoggerMessage(2102, LogLevel.Warning, "Removing segment {File}: {Reason}")]
    public static partial void RemovedSegment(ILogger logger, string file, string reason);

    [LoggerMessage(2103, LogLevel.Warning, "Truncated torn tail of {File}: {Bytes} bytes after offset {Offset}")]
    public static partial void TruncatedTail(ILogger logger, string file, long bytes, long offset);

    [LoggerMessage(2104, LogLevel.Error, "Corrupt data in {File} at offset {Offset} ({Bytes} bytes); skipped about {Records} records")]
    public static partial void CorruptRegion(ILogger logger, string file, long offset, long bytes, ulong records);

    [LoggerMessage(2105, LogLevel.Warning, "Acknowledgement cursor file is {State}; delivery restarts at the first segment (duplicates possible)")]
    public static partial void CursorUnusable(ILogger logger, string state);

    [LoggerMessage(2106, LogLevel.Warning, "Buffer full: dropped {Count} unacknowledged records {First}..{Last} (segment {File})")]
    public static partial void DroppedSegment(ILogger logger, ulong count, ulong first, ulong last, string file);

    [LoggerMessage(2107, LogLevel.Error, "Append of {Records} records failed; nothing of it is reported durable and the next append starts a new segment")]
    public static partial void AppendFailed(ILogger logger, Exception exception, int records);

    [LoggerMessage(2108, LogLevel.Error, "The Dropped callback threw")]
    public static partial void DroppedCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(2109, LogLevel.Warning, "Could not delete segment {File}; it is retried at the next acknowledgement or open")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(2110, LogLevel.Warning, "Corrupt header in {File}; records are still scanned, the index comes from the file name")]
    public static partial void CorruptHeader(ILogger logger, string file);

    [LoggerMessage(2112, LogLevel.Warning, "Persisting the acknowledgement cursor failed; deleting wholly acknowledged segments to free space, then retrying")]
    public static partial void CursorSaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(2111, LogLevel.Debug, "Buffer full (Block policy): appends wait for acknowledgements")]
    public static partial void Blocked(ILogger logger);
}
