using Microsoft.Extensions.Logging;

namespace IIoT.Simulators;

/// <summary>Simulator log messages; event ids 4000-4099.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "Simulating {Machines} machines (scenario {Scenario}, seed {Seed}, every {Interval}, {Mode}); publishing to {Target} under {TopicFilter}")]
    public static partial void Starting(ILogger logger, int machines, string scenario, int seed, TimeSpan interval, string mode, string target, string topicFilter);

    [LoggerMessage(4001, LogLevel.Information, "Embedded MQTT broker listening on port {Port}")]
    public static partial void EmbeddedBrokerStarted(ILogger logger, int port);

    [LoggerMessage(4002, LogLevel.Information, "Connected to {Target}")]
    public static partial void Connected(ILogger logger, string target);

    [LoggerMessage(4003, LogLevel.Warning, "Cannot connect to {Target}; retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string target, TimeSpan delay);

    [LoggerMessage(4004, LogLevel.Warning, "Publishing failed; reconnecting and re-sending {Pending} unacknowledged messages")]
    public static partial void PublishFailed(ILogger logger, Exception? exception, int pending);

    [LoggerMessage(4005, LogLevel.Warning, "Broker refused {Topic} seq {Sequence}: {ReasonCode} {Reason}")]
    public static partial void PublishRefused(ILogger logger, string topic, long sequence, string reasonCode, string? reason);

    [LoggerMessage(4006, LogLevel.Information, "Finished: {Acknowledged} messages acknowledged")]
    public static partial void Finished(ILogger logger, long acknowledged);

    [LoggerMessage(4007, LogLevel.Error, "Simulator failed")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(4008, LogLevel.Warning, "Fault injected over MQTT: {Action} {Machine} {Signal} for {Duration}")]
    public static partial void FaultInjected(ILogger logger, string action, string? machine, string? signal, TimeSpan? duration);

    [LoggerMessage(4009, LogLevel.Warning, "Fault {Action} skipped: {Reason}")]
    public static partial void FaultSkipped(ILogger logger, string action, string reason);
}
