using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>The sessions and subscriptions the engine knows, by id. Guarded by the engine's lock.</summary>
internal sealed class SubscriptionRegistry
{
    private readonly Dictionary<NodeId, SessionState> _sessions = [];
    private readonly Dictionary<uint, Subscription> _subscriptions = [];
    // Ids start at a random point per server instance, not at 1: after a restart a client's TransferSubscriptions names
    // the ids of the old instance, and those must not be the ids the new instance already gave to other clients (an
    // anonymous session would otherwise take over another anonymous client's subscription). Above 65535 so that small
    // literal ids in tests never collide.
    private uint _lastSubscriptionId = (uint)Random.Shared.Next(ushort.MaxValue, int.MaxValue);

    public int Count => _subscriptions.Count;

    public IEnumerable<Subscription> Subscriptions => _subscriptions.Values;

    public IEnumerable<SessionState> Sessions => _sessions.Values;

    /// <summary>The engine learns of sessions from their first call; the server tells it when one closes.</summary>
    public SessionState SessionFor(NodeId sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            session = new SessionState(sessionId);
            _sessions.Add(sessionId, session);
        }
        return session;
    }

    public bool TryGetSession(NodeId sessionId, out SessionState session) => _sessions.TryGetValue(sessionId, out session!);

    public bool RemoveSession(NodeId sessionId, out SessionState session) => _sessions.Remove(sessionId, out session!);

    public bool TryGet(uint subscriptionId, out Subscription subscription) => _subscriptions.TryGetValue(subscriptionId, out subscription!);

    /// <summary>True when the subscription exists and belongs to the session (otherwise Bad_SubscriptionIdInvalid).</summary>
    public bool TryOwned(NodeId sessionId, uint subscriptionId, out Subscription subscription) =>
        _subscriptions.TryGetValue(subscriptionId, out subscription!) && subscription.Session?.Id == sessionId;

    public Subscription Create(SessionState session, int maxRetransmission)
    {
        do
        {
            _lastSubscriptionId = _lastSubscriptionId == uint.MaxValue ? 1 : _lastSubscriptionId + 1;
        }
        while (_subscriptions.ContainsKey(_lastSubscriptionId));
        var subscription = new Subscription(_lastSubscriptionId, session, maxRetransmission);
        _subscriptions.Add(subscription.Id, subscription);
        session.Subscriptions.Add(subscription);
        return subscription;
    }

    /// <summary>Stops its timers, drops its items and unlinks it from its session.</summary>
    public void Delete(Subscription subscription)
    {
        subscription.Dispose();
        _subscriptions.Remove(subscription.Id);
        subscription.Session?.Subscriptions.Remove(subscription);
    }

    /// <summary>
    /// Acknowledgements of a Publish request (§5.13.5): Good, Bad_SequenceNumberUnknown (not retained: acknowledged
    /// already or dropped), or Bad_SubscriptionIdInvalid (not a subscription of this session).
    /// </summary>
    public StatusCode[] Acknowledge(SessionState session, SubscriptionAcknowledgement[]? acks)
    {
        if (acks is null || acks.Length == 0) return [];
        var results = new StatusCode[acks.Length];
        for (var i = 0; i < acks.Length; i++)
        {
            results[i] = _subscriptions.TryGetValue(acks[i].SubscriptionId, out var subscription) && subscription.Session == session
                ? subscription.Acknowledge(acks[i].SequenceNumber)
                : StatusCodes.BadSubscriptionIdInvalid;
        }
        return results;
    }

    public void Clear()
    {
        foreach (var subscription in _subscriptions.Values) subscription.Dispose();
        _subscriptions.Clear();
        _sessions.Clear();
    }
}
