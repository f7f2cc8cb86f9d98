namespace IIoT.OpcUa.Client;

/// <summary>Requested subscription parameters (OPC 10000-4 §5.13.2); the server revises them and the revised ones rule (UA-R12).</summary>
public sealed class SubscriptionOptions
{
    public TimeSpan PublishingInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public uint KeepAliveCount { get; init; } = 10;

    /// <summary>At least 3 × <see cref="KeepAliveCount"/> (the server raises it otherwise).</summary>
    public uint LifetimeCount { get; init; } = 60;

    /// <summary>
    /// The least time the server keeps the subscription without Publish requests: the requested lifetime count is raised
    /// to cover it at the requested publishing interval. Long enough for a gateway restart, so that the new process can
    /// take the subscription over (<see cref="UaSession.TakeOverSubscriptionAsync"/>) with its queued values.
    /// </summary>
    public TimeSpan MinLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The lifetime count requested: <see cref="LifetimeCount"/>, raised for <see cref="MinLifetime"/> and to 3 × keep-alive.</summary>
    internal uint RequestedLifetimeCount
    {
        get
        {
            var interval = Math.Max(1, PublishingInterval.TotalMilliseconds);
            var forLifetime = Math.Ceiling(Math.Max(0, MinLifetime.TotalMilliseconds) / interval);
            var count = Math.Max((double)LifetimeCount, Math.Max(forLifetime, 3.0 * KeepAliveCount));
            return (uint)Math.Min(count, uint.MaxValue);
        }
    }

    /// <summary>0 = no limit.</summary>
    public uint MaxNotificationsPerPublish { get; init; }

    public byte Priority { get; init; }

    /// <summary>Batches held for a slow reader before publishing waits (back-pressure instead of unbounded memory).</summary>
    public int NotificationQueueCapacity { get; init; } = 1024;

    /// <summary>
    /// When true the client does not acknowledge a message by itself: the reader calls
    /// <see cref="Subscription.Acknowledge"/> once it has made the batch durable, and the server keeps the message for
    /// Republish until then (the acknowledgement rides on the next Publish request).
    /// </summary>
    public bool ManualAcknowledge { get; init; }
}
