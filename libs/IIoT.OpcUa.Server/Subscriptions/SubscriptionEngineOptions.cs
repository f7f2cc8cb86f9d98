namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// Limits and bounds of the subscription engine (OPC 10000-4 §5.13, §5.12). Durations are in milliseconds because the
/// protocol revises them as doubles in ms. Defaults follow the usual values of open62541 and node-opcua.
/// </summary>
public sealed class SubscriptionEngineOptions
{
    /// <summary>Subscriptions one session may own (Bad_TooManySubscriptions beyond).</summary>
    public int MaxSubscriptionsPerSession { get; set; } = 100;

    /// <summary>Subscriptions in the whole server, orphans included (Bad_TooManySubscriptions beyond).</summary>
    public int MaxSubscriptions { get; set; } = 1_000;

    /// <summary>Monitored items per subscription (Bad_TooManyMonitoredItems per item beyond).</summary>
    public int MaxMonitoredItemsPerSubscription { get; set; } = 1_000_000;

    /// <summary>Publish requests queued per session; a further one makes the oldest fail with Bad_TooManyPublishRequests.</summary>
    public int MaxPublishRequestsPerSession { get; set; } = 10;

    /// <summary>NotificationMessages kept per subscription for Republish; the oldest is dropped beyond.</summary>
    public int MaxRetransmissionQueueSize { get; set; } = 100;

    /// <summary>Fastest publishing interval in ms; a smaller (or 0, negative, NaN) request is revised to it.</summary>
    public double MinPublishingInterval { get; set; } = 50;

    /// <summary>Slowest publishing interval in ms.</summary>
    public double MaxPublishingInterval { get; set; } = 3_600_000;

    /// <summary>The fastest sampling rate; a requested 0 ("fastest practical") is revised to this (or the node's minimum).</summary>
    public double MinSamplingInterval { get; set; } = 50;

    /// <summary>Slowest sampling interval in ms (a node's MinimumSamplingInterval above it still wins).</summary>
    public double MaxSamplingInterval { get; set; } = 3_600_000;

    /// <summary>Largest monitored item queue; a requested 0 becomes 1.</summary>
    public uint MaxQueueSize { get; set; } = 10_000;

    /// <summary>Largest revised MaxKeepAliveCount; a requested 0 becomes 1.</summary>
    public uint MaxKeepAliveCount { get; set; } = 10_000;

    /// <summary>Must be at least 3 x <see cref="MaxKeepAliveCount"/> (OPC 10000-4 §5.13.2.2).</summary>
    public uint MaxLifetimeCount { get; set; } = 30_000;

    /// <summary>
    /// Cap on notifications in one NotificationMessage, used when the client asks for 0 (unlimited) or more than this, so
    /// that a burst of 100k changes is sent as several messages with MoreNotifications rather than one giant message.
    /// </summary>
    public uint MaxNotificationsPerPublish { get; set; } = 10_000;

    /// <summary>
    /// Soft byte budget of the DataChangeNotification in one message: values are added until it is reached (the value
    /// that crosses it is the last), so large strings or arrays cannot push a response past the client's
    /// MaxMessageSize. Keep it well below the smallest MaxMessageSize the server accepts from clients.
    /// </summary>
    public int MaxNotificationMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Throws when the options contradict each other.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxSubscriptionsPerSession < 1) errors.Add("MaxSubscriptionsPerSession must be at least 1.");
        if (MaxSubscriptions < 1) errors.Add("MaxSubscriptions must be at least 1.");
        if (MaxMonitoredItemsPerSubscription < 1) errors.Add("MaxMonitoredItemsPerSubscription must be at least 1.");
        if (MaxPublishRequestsPerSession < 1) errors.Add("MaxPublishRequestsPerSession must be at least 1.");
        if (MaxRetransmissionQueueSize < 1) errors.Add("MaxRetransmissionQueueSize must be at least 1.");
        if (!(MinPublishingInterval > 0) || MaxPublishingInterval < MinPublishingInterval)
            errors.Add("Publishing interval bounds must satisfy 0 < Min <= Max.");
        if (!(MinSamplingInterval > 0) || MaxSamplingInterval < MinSamplingInterval)
            errors.Add("Sampling interval bounds must satisfy 0 < Min <= Max.");
        if (MaxQueueSize < 1) errors.Add("MaxQueueSize must be at least 1.");
        if (MaxKeepAliveCount < 1) errors.Add("MaxKeepAliveCount must be at least 1.");
        if (MaxLifetimeCount < 3L * MaxKeepAliveCount) errors.Add("MaxLifetimeCount must be at least 3 x MaxKeepAliveCount.");
        if (MaxNotificationsPerPublish < 1) errors.Add("MaxNotificationsPerPublish must be at least 1.");
        if (MaxNotificationMessageBytes < 1024) errors.Add("MaxNotificationMessageBytes must be at least 1024.");
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors));
    }
}
