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

    /// <summary>Subscriptions waiting for a Publish request, in the order they started waiting.</summary>
    public List<Subscription> Late { get; } = [];

    /// <summary>StatusChangeNotifications (expiry, transfer) for subscriptions this session no longer has.</summary>
    public Queue<(uint SubscriptionId, NotificationMessage Message)> StatusMessages { get; } = new();

    public void MarkLate(Subscription subscription)
    {
        if (subscription.Late) return;
        subscription.Late = true;
        Late.Add(subscription);
    }

    /// <summary>
    /// The late subscription to serve next: the highest Priority, the longest waiting among equals (§5.13.2.2).
    /// Stale entries (served already, deleted, transferred away) are dropped on the way.
    /// </summary>
    public Subscription? NextLate()
    {
        Late.RemoveAll(s => !s.Late || s.Deleted || s.Session != this);
        Subscription? best = null;
        foreach (var subscription in Late)
        {
            if (best is null || subscription.Priority > best.Priority) best = subscription;
        }
        return best;
    }

    public void Unlate(Subscription subscription)
    {
        subscription.Late = false;
        Late.Remove(subscription);
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
