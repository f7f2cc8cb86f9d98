using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Client;

/// <summary>Log lines of the OPC UA client, event ids 3200-3299. Never logs passwords or authentication tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(3200, LogLevel.Information, "OPC UA session created: {SessionId}, revised timeout {RevisedTimeoutMs} ms")]
    public static partial void SessionCreated(this ILogger logger, string sessionId, double revisedTimeoutMs);

    [LoggerMessage(3201, LogLevel.Information, "The server announces endpoint {Announced}; keeps dialling {Host}:{Port}")]
    public static partial void EndpointHostDiffers(this ILogger logger, string announced, string host, int port);

    [LoggerMessage(3202, LogLevel.Information, "OPC UA session state: {State} {Reason}")]
    public static partial void StateChanged(this ILogger logger, string state, string? reason);

    [LoggerMessage(3203, LogLevel.Warning, "OPC UA connection lost: {Reason}")]
    public static partial void ConnectionLost(this ILogger logger, string reason);

    [LoggerMessage(3204, LogLevel.Information, "OPC UA reconnected ({State}) after {Attempts} attempt(s)")]
    public static partial void Reconnected(this ILogger logger, string state, int attempts);

    [LoggerMessage(3205, LogLevel.Warning, "OPC UA reconnect attempt {Attempt} failed: {Reason}")]
    public static partial void ReconnectAttemptFailed(this ILogger logger, int attempt, string reason);

    [LoggerMessage(3206, LogLevel.Warning, "ActivateSession of {SessionId} refused with {Status}; creating a new session")]
    public static partial void ActivateRefused(this ILogger logger, string sessionId, string status);

    [LoggerMessage(3207, LogLevel.Debug, "Closing a lost channel failed: {Reason}")]
    public static partial void ChannelCloseFailed(this ILogger logger, string reason);

    [LoggerMessage(3208, LogLevel.Debug, "CloseSession failed: {Status}")]
    public static partial void CloseSessionFailed(this ILogger logger, string status);

    [LoggerMessage(3209, LogLevel.Information, "Server info read: {NamespaceCount} namespaces, limits {Limits}")]
    public static partial void ServerInfoRead(this ILogger logger, int namespaceCount, string limits);

    [LoggerMessage(3210, LogLevel.Warning, "Session keep-alive read failed: {Status}")]
    public static partial void KeepAliveFailed(this ILogger logger, string status);

    [LoggerMessage(3211, LogLevel.Error, "An OPC UA client event handler threw")]
    public static partial void EventHandlerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(3220, LogLevel.Information, "Subscription {SubscriptionId} created: publishing {IntervalMs} ms, keep-alive {KeepAliveCount}, lifetime {LifetimeCount} (revised)")]
    public static partial void SubscriptionCreated(this ILogger logger, uint subscriptionId, double intervalMs, uint keepAliveCount, uint lifetimeCount);

    [LoggerMessage(3221, LogLevel.Warning, "Subscription {SubscriptionId}: {Count} monitored items failed with {Status}")]
    public static partial void MonitoredItemsFailed(this ILogger logger, uint subscriptionId, int count, string status);

    [LoggerMessage(3222, LogLevel.Debug, "Subscription {SubscriptionId}: republished {SequenceNumber}")]
    public static partial void Republished(this ILogger logger, uint subscriptionId, uint sequenceNumber);

    [LoggerMessage(3223, LogLevel.Warning, "Subscription {SubscriptionId}: Republish of {SequenceNumber} failed with {Status}")]
    public static partial void RepublishFailed(this ILogger logger, uint subscriptionId, uint sequenceNumber, string status);

    [LoggerMessage(3224, LogLevel.Warning, "Subscription {SubscriptionId}: data gap ({Reason}), sequence {First}..{Last}")]
    public static partial void DataGapDetected(this ILogger logger, uint subscriptionId, string reason, uint first, uint last);

    [LoggerMessage(3225, LogLevel.Warning, "Subscription {SubscriptionId}: status change {Status}")]
    public static partial void SubscriptionStatusChanged(this ILogger logger, uint subscriptionId, string status);

    [LoggerMessage(3226, LogLevel.Warning, "Subscription {OldId} recreated as {NewId} with {ItemCount} monitored items")]
    public static partial void SubscriptionRecreated(this ILogger logger, uint oldId, uint newId, int itemCount);

    [LoggerMessage(3227, LogLevel.Information, "Subscription {SubscriptionId} transferred to the new session")]
    public static partial void SubscriptionTransferred(this ILogger logger, uint subscriptionId);

    [LoggerMessage(3228, LogLevel.Warning, "TransferSubscriptions failed with {Status}; recreating the subscriptions")]
    public static partial void TransferFailed(this ILogger logger, string status);

    [LoggerMessage(3240, LogLevel.Warning, "Publish failed with {Status}")]
    public static partial void PublishFailed(this ILogger logger, string status);

    [LoggerMessage(3241, LogLevel.Warning, "BadTooManyPublishRequests: {Allowed} publish request(s) in flight from now on")]
    public static partial void PublishThrottled(this ILogger logger, int allowed);

    [LoggerMessage(3242, LogLevel.Warning, "Publish watchdog: no response for {SilenceMs} ms (limit {LimitMs} ms); connection considered dead")]
    public static partial void WatchdogTripped(this ILogger logger, double silenceMs, double limitMs);

    [LoggerMessage(3243, LogLevel.Debug, "Acknowledgement of subscription {SubscriptionId} sequence {SequenceNumber} refused: {Status}")]
    public static partial void AcknowledgementRefused(this ILogger logger, uint subscriptionId, uint sequenceNumber, string status);

    [LoggerMessage(3244, LogLevel.Error, "Publish loop error")]
    public static partial void PublishLoopError(this ILogger logger, Exception exception);

    [LoggerMessage(3245, LogLevel.Warning, "Subscription {SubscriptionId} publishes into this session but is none of ours (its create answer was lost?): deleted ({Status})")]
    public static partial void UnknownSubscriptionDeleted(this ILogger logger, uint subscriptionId, string status);

    [LoggerMessage(3246, LogLevel.Information, "Subscription {SubscriptionId} taken over from an earlier session: {Available} unacknowledged message(s) available, {Republished} republished")]
    public static partial void SubscriptionTakenOver(this ILogger logger, uint subscriptionId, int available, int republished);

    [LoggerMessage(3247, LogLevel.Warning, "Subscription {SubscriptionId} of an earlier session could not be taken over ({Status}); a new one is created and the gap recorded")]
    public static partial void TakeoverRefused(this ILogger logger, uint subscriptionId, string status);
}
