using IIoT.Gateway.Uplink;

namespace IIoT.Gateway;

/// <summary>Log lines of the gateway's hosting, uplink and ledger (event ids 1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Gateway {GatewayId} started: buffer {BufferDirectory} ({Records} records waiting, at most {MaxBytes} bytes, {Policy}), uplink {Urls}")]
    public static partial void GatewayStarted(ILogger logger, string gatewayId, string bufferDirectory, long records, long maxBytes, string policy, string urls);

    [LoggerMessage(1001, LogLevel.Error, "Uplink loop failed; the batch stays in the buffer and is retried")]
    public static partial void UplinkLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(1002, LogLevel.Warning, "Cloud refused batch {Sequence} ({Count} records) as malformed: {Detail}; dead-lettered")]
    public static partial void BatchRefused(ILogger logger, ulong sequence, int count, string detail);

    [LoggerMessage(1003, LogLevel.Warning, "Batch {Sequence} of {Count} records is too large for the cloud; splitting it")]
    public static partial void BatchSplit(ILogger logger, ulong sequence, int count);

    [LoggerMessage(1004, LogLevel.Error, "ALARM: the cloud at {Url} does not accept this gateway's API key ({Detail}); buffering until it does")]
    public static partial void UplinkUnauthorized(ILogger logger, string url, string detail);

    [LoggerMessage(1005, LogLevel.Warning, "Batch {Sequence} not delivered ({Detail}); retrying in {Seconds:0.0} s")]
    public static partial void UplinkRetry(ILogger logger, ulong sequence, string detail, double seconds);

    [LoggerMessage(1006, LogLevel.Warning, "Cloud rejected {Count} points of batch {Sequence} (first reason: {Reason}); dead-lettered")]
    public static partial void PointsRejected(ILogger logger, ulong sequence, int count, string reason);

    [LoggerMessage(1007, LogLevel.Warning, "Buffer full: dropped {Count} oldest records (indexes {First}..{Last})")]
    public static partial void BufferOverflowDropped(ILogger logger, ulong count, ulong first, ulong last);

    [LoggerMessage(1010, LogLevel.Error, "Buffer: {Count} corrupt records found on disk and skipped; recorded in the loss ledger")]
    public static partial void BufferCorruptSkipped(ILogger logger, long count);

    [LoggerMessage(1008, LogLevel.Error, "Loss ledger could not append a record; retrying")]
    public static partial void LedgerAppendFailed(ILogger logger, Exception exception);

    [LoggerMessage(1009, LogLevel.Error, "Loss ledger queue full: {Count} loss records could not be queued")]
    public static partial void LedgerQueueFull(ILogger logger, long count);
}
