namespace IIoT.Gateway.DeadLetters;

/// <summary>Log lines of the dead-letter store (event ids 2080-2099, within the MQTT intake's range 2000-2099).</summary>
internal static partial class DeadLetterLog
{
    [LoggerMessage(2080, LogLevel.Information, "Dead letters in {Directory}: {Bytes} bytes already kept, bound {MaxBytes} bytes")]
    public static partial void Opened(ILogger logger, string directory, long bytes, long maxBytes);

    [LoggerMessage(2081, LogLevel.Warning, "Dead-letter store full ({MaxBytes} bytes): dropped a {Reason} entry from {Source} ({Dropped} dropped so far)")]
    public static partial void Dropped(ILogger logger, long maxBytes, string reason, string source, long dropped);

    // Debug: a flood of bad payloads must not flood the log; the dead-letter counters and the ledger count them.
    [LoggerMessage(2082, LogLevel.Debug, "Dead letter from {Source}: {Reason} on topic {Topic}: {Detail}")]
    public static partial void Written(ILogger logger, string source, string reason, string? topic, string detail);
}
