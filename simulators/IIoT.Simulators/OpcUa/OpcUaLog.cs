using Microsoft.Extensions.Logging;

namespace IIoT.Simulators.OpcUa;

/// <summary>OPC UA front end log messages; event ids 4100-4199.</summary>
internal static partial class OpcUaLog
{
    [LoggerMessage(4100, LogLevel.Information, "OPC UA simulator listening on {Endpoints} (namespace {Namespace}, {Variables} variables)")]
    public static partial void OpcUaListening(ILogger logger, string endpoints, string @namespace, int variables);

    [LoggerMessage(4101, LogLevel.Warning, "Fault injected: {Action} machine={Machine} signal={Signal} duration={Duration} status={Status}")]
    public static partial void FaultInjected(ILogger logger, string action, string? machine, string? signal, TimeSpan? duration, string? status);

    [LoggerMessage(4102, LogLevel.Warning, "Control command '{Command}' rejected: {Reason}")]
    public static partial void CommandRejected(ILogger logger, string command, string reason);

    [LoggerMessage(4103, LogLevel.Information, "Serving {Machines} machines of scenario {Scenario} every {Interval}: {Variables} changing variables")]
    public static partial void Serving(ILogger logger, int machines, string scenario, TimeSpan interval, long variables);
}
