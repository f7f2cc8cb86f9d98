using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>Log lines of the subscription engine (event ids 3100-3199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Subscription {SubscriptionId} created for session {SessionId}: publishing interval {PublishingInterval} ms, lifetime {LifetimeCount}, keep-alive {MaxKeepAliveCount}")]
    public static partial void SubscriptionCreated(ILogger logger, uint subscriptionId, string sessionId, double publishingInterval, uint lifetimeCount, uint maxKeepAliveCount);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Subscription {SubscriptionId} deleted")]
    public static partial void SubscriptionDeleted(ILogger logger, uint subscriptionId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Subscription {SubscriptionId} expired after {LifetimeCount} publishing intervals without a Publish request (Bad_Timeout)")]
    public static partial void SubscriptionExpired(ILogger logger, uint subscriptionId, uint lifetimeCount);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Subscription {SubscriptionId} transferred to session {SessionId}")]
    public static partial void SubscriptionTransferred(ILogger logger, uint subscriptionId, string sessionId);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Session {SessionId} closed: {Count} subscriptions {Action}")]
    public static partial void SessionClosed(ILogger logger, string sessionId, int count, string action);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Session {SessionId} queued too many Publish requests; the oldest fails with Bad_TooManyPublishRequests")]
    public static partial void TooManyPublishRequests(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "{Count} monitored items created in subscription {SubscriptionId} ({Failed} failed)")]
    public static partial void MonitoredItemsCreated(ILogger logger, uint subscriptionId, int count, int failed);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Error, Message = "Sampling of subscription {SubscriptionId} at {Interval} ms failed")]
    public static partial void SamplingFailed(ILogger logger, Exception exception, uint subscriptionId, double interval);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Error, Message = "Publishing cycle of subscription {SubscriptionId} failed")]
    public static partial void PublishingFailed(ILogger logger, Exception exception, uint subscriptionId);
}
