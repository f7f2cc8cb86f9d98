namespace IIoT.OpcUa.Client;

/// <summary>
/// What a new process needs to take over a subscription an earlier process (or session) created: its id and the
/// monitored items it had, each under the client handle the server sends in its notifications
/// (<see cref="UaSession.TakeOverSubscriptionAsync"/>).
/// </summary>
public sealed class SubscriptionTakeover
{
    /// <summary>The server's id of the earlier subscription.</summary>
    public required uint SubscriptionId { get; init; }

    /// <summary>The options it was created with; also used for the new subscription if the transfer is refused.</summary>
    public required SubscriptionOptions Options { get; init; }

    /// <summary>Client handle (as created earlier) -> the item; node ids in the current session's namespace indexes.</summary>
    public required IReadOnlyList<KeyValuePair<uint, MonitoredItemOptions>> Items { get; init; }

    /// <summary>
    /// When the earlier process was last known to collect (e.g. its last write): the start of the
    /// <see cref="DataGap"/> reported if the subscription has to be created anew. Null: unknown, the gap starts now.
    /// </summary>
    public DateTime? LostSince { get; init; }
}
