using IIoT.OpcUa.Types;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Server;

/// <summary>Log lines of the OPC UA server; event ids 3000-3099. Status codes appear by name; tokens and passwords never.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "OPC UA server listening on {Address}:{Port}, endpoint {EndpointUrl}")]
    public static partial void ServerStarted(ILogger logger, string address, int port, string endpointUrl);

    [LoggerMessage(3001, LogLevel.Information, "OPC UA server on port {Port} stopped")]
    public static partial void ServerStopped(ILogger logger, int port);

    [LoggerMessage(3002, LogLevel.Debug, "Connection {ConnectionId} from {Remote} accepted")]
    public static partial void ConnectionAccepted(ILogger logger, long connectionId, string? remote);

    [LoggerMessage(3003, LogLevel.Debug, "Secure channel {ChannelId} closed by the client")]
    public static partial void ChannelClosed(ILogger logger, uint channelId);

    [LoggerMessage(3004, LogLevel.Information, "Connection {ConnectionId} (channel {ChannelId}) ended: {Status}: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, long connectionId, uint channelId, string status, string? reason);

    [LoggerMessage(3005, LogLevel.Warning, "Connection from {Remote} refused: {Count} connections is the maximum")]
    public static partial void ConnectionRefused(ILogger logger, string? remote, int count);

    [LoggerMessage(3006, LogLevel.Error, "Accepting TCP connections failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(3007, LogLevel.Error, "Connection {ConnectionId} failed unexpectedly")]
    public static partial void ConnectionCrashed(ILogger logger, Exception exception, long connectionId);

    [LoggerMessage(3010, LogLevel.Debug, "Request with encoding id {EncodingId} on channel {ChannelId}: BadServiceUnsupported")]
    public static partial void ServiceUnsupported(ILogger logger, uint encodingId, uint channelId);

    [LoggerMessage(3011, LogLevel.Information, "{Service} on channel {ChannelId} not decodable: {Status}: {Reason}")]
    public static partial void RequestUndecodable(ILogger logger, string service, uint channelId, string status, string reason);

    [LoggerMessage(3012, LogLevel.Debug, "{Service} on channel {ChannelId} refused: {Status}")]
    public static partial void SessionRejected(ILogger logger, string service, uint channelId, string status);

    [LoggerMessage(3013, LogLevel.Error, "{Service} on channel {ChannelId} failed: BadInternalError")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string service, uint channelId);

    [LoggerMessage(3020, LogLevel.Information, "Session {SessionId} '{SessionName}' created on channel {ChannelId}, timeout {TimeoutMs} ms")]
    public static partial void SessionCreated(ILogger logger, NodeId sessionId, string sessionName, double timeoutMs, uint channelId);

    [LoggerMessage(3021, LogLevel.Information, "Session {SessionId} activated on channel {ChannelId} as {Identity}")]
    public static partial void SessionActivated(ILogger logger, NodeId sessionId, uint channelId, string identity);

    [LoggerMessage(3022, LogLevel.Warning, "Activation of session {SessionId} refused: {Status}")]
    public static partial void ActivationRejected(ILogger logger, NodeId sessionId, string status);

    [LoggerMessage(3023, LogLevel.Information, "Session {SessionId} closed ({Reason}), delete subscriptions: {DeleteSubscriptions}")]
    public static partial void SessionClosed(ILogger logger, NodeId sessionId, string reason, bool deleteSubscriptions);

    [LoggerMessage(3024, LogLevel.Error, "A SessionClosed handler failed for session {SessionId}")]
    public static partial void SessionClosedHandlerFailed(ILogger logger, Exception exception, NodeId sessionId);

    [LoggerMessage(3025, LogLevel.Error, "Session expiry check failed")]
    public static partial void SessionSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(3030, LogLevel.Warning, "Write handler of {NodeId} failed: BadInternalError")]
    public static partial void WriteHandlerFailed(ILogger logger, Exception exception, NodeId nodeId);
}
