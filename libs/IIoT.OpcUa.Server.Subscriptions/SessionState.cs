using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// What the engine keeps per session: its queued Publish requests (oldest first), its subscriptions, the subscriptions
/// waiting for a Publish request (late), and status-change messages not yet delivered. Guarded by the engine's lock.
/// </summary>
internal sealed class SessionState(NodeId id)
{
    public NodeId Id { get; } = id;

    public LinkedList<PendingPublish> Requests { get; } = new();

    public List<Subscription> Subscriptions { get; } = [];

    public Queue<Subscription> Late { get; } = new();

    /// <summary>StatusChangeNotifications (expiry, transfer) for subscriptions this session no longer has.</summary>
    public Queue<(uint SubscriptionId, NotificationMessage Message)> StatusMessages { get; } = new();

    public void MarkLate(Subscription subscription)
    {
        if (subscription.Late) return;
        subscription.Late = true;
        Late.Enqueue(subscription);
    }

    public PendingPublish? TakeRequest()
    {
        var first = Requests.First;
        if (first is null) return null;
        Requests.RemoveFirst();
        first.Value.Node = null;
        return first.Value;
    }
}
