namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>How the server revises the requested subscription parameters (OPC 10000-4 §5.13.2.2, §5.13.3.2).</summary>
internal static class SubscriptionRevision
{
    /// <summary>Revises and applies the parameters of CreateSubscription / ModifySubscription; the lifetime restarts.</summary>
    public static void Apply(SubscriptionEngineOptions options, Subscription subscription, double interval, uint lifetime, uint keepAlive, uint maxNotifications)
    {
        subscription.PublishingInterval = PublishingInterval(options, interval);
        subscription.MaxKeepAliveCount = MaxKeepAliveCount(options, keepAlive);
        subscription.LifetimeCount = LifetimeCount(options, lifetime, subscription.MaxKeepAliveCount);
        subscription.MaxNotificationsPerPublish = MaxNotificationsPerPublish(options, maxNotifications);
        subscription.LifetimeCounter = 0;
    }

    /// <summary>0, negative or NaN means the fastest rate; otherwise clamped to the server's bounds.</summary>
    public static double PublishingInterval(SubscriptionEngineOptions options, double requested) =>
        double.IsNaN(requested) || requested < options.MinPublishingInterval
            ? options.MinPublishingInterval
            : Math.Min(requested, options.MaxPublishingInterval);

    /// <summary>0 means the server's minimum (1); never above the server's maximum.</summary>
    public static uint MaxKeepAliveCount(SubscriptionEngineOptions options, uint requested) =>
        Math.Clamp(requested, 1u, options.MaxKeepAliveCount);

    /// <summary>At least 3 x the revised keep-alive count (§5.13.2.2), at most the server's maximum (validated to allow it).</summary>
    public static uint LifetimeCount(SubscriptionEngineOptions options, uint requested, uint revisedKeepAlive) =>
        Math.Min(Math.Max(requested, 3 * revisedKeepAlive), options.MaxLifetimeCount);

    /// <summary>0 (unlimited) or more than the server's cap becomes the cap, so a burst is cut into several messages.</summary>
    public static uint MaxNotificationsPerPublish(SubscriptionEngineOptions options, uint requested) =>
        requested == 0 ? options.MaxNotificationsPerPublish : Math.Min(requested, options.MaxNotificationsPerPublish);
}
