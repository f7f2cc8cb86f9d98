using IIoT.OpcUa.Stack.Services;
using System.Threading.Channels;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Client;

/// <summary>
/// A subscription of a <see cref="UaSession"/> (OPC 10000-4 §5.13). Data changes arrive on <see cref="Notifications"/>
/// as batches in sequence order, each once (UA-R05); missing messages are fetched with Republish, and what the server
/// no longer has becomes a <see cref="DataGap"/> marker in the stream and a <see cref="UaSession.DataGap"/> event (UA-R02).
/// It survives reconnects: same session (Republish what was missed), a new session (TransferSubscriptions) or a
/// server restart (recreated with its monitored items, node ids remapped to the new namespace indexes).
/// </summary>
public sealed partial class Subscription : IAsyncDisposable
{
    private const int MaxRepublishPerPass = 256;

    private readonly UaSession _session;
    private readonly SubscriptionOptions _options;
    private readonly NotificationStream _stream;
    private readonly SemaphoreSlim _processing = new(1, 1);
    private readonly Dictionary<uint, MonitoredItem> _items = [];
    private SequenceTracker<ReceivedMessage> _tracker = new();
    private uint _lastHandle;
    private MonitoredItemOptions? _lastSettings; // guarded by _items
    private long _holeSince; // timestamp when the current holes were first seen; 0 = none

    internal Subscription(UaSession session, SubscriptionOptions options)
    {
        _session = session;
        _options = options;
        _stream = new NotificationStream(session, options.NotificationQueueCapacity);
    }

    /// <summary>The server's id; it changes when the subscription is recreated.</summary>
    public uint Id { get; private set; }

    public TimeSpan RevisedPublishingInterval { get; private set; }

    public uint RevisedKeepAliveCount { get; private set; }

    public uint RevisedLifetimeCount { get; private set; }

    /// <summary>Longest silence the server allows itself: revised keep-alive count × revised publishing interval (UA-R12).</summary>
    public TimeSpan KeepAlivePeriod => RevisedPublishingInterval * Math.Max(1u, RevisedKeepAliveCount);

    /// <summary>True once another session took this subscription over (UA-R10); nothing more arrives here.</summary>
    public bool IsTransferredAway { get; private set; }

    /// <summary>The data, in order. Read it promptly: when full, publishing waits (back-pressure).</summary>
    public ChannelReader<NotificationBatch> Notifications => _stream.Reader;

    public SubscriptionOptions Options => _options;

    internal UaSession Session => _session;

    /// <summary>The last sequence number delivered (or given up).</summary>
    public uint LastSequenceNumber => _tracker.LastDelivered;

    /// <summary>All items, in the order they were added.</summary>
    public IReadOnlyList<MonitoredItem> Items
    {
        get
        {
            lock (_items)
            {
                var all = new MonitoredItem[_items.Count];
                _items.Values.CopyTo(all, 0);
                return all;
            }
        }
    }

    /// <summary>Creates a subscription on <paramref name="session"/>.</summary>
    public static Task<Subscription> CreateAsync(UaSession session, SubscriptionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.CreateSubscriptionAsync(options, cancellationToken);
    }

    public bool TryGetItem(uint clientHandle, out MonitoredItem? item)
    {
        lock (_items)
        {
            return _items.TryGetValue(clientHandle, out item);
        }
    }

    /// <summary>
    /// Creates monitored items, split by MaxMonitoredItemsPerCall. Each returned item is Active or Failed with its
    /// status; a call that fails marks the items it carried Failed with the call's status instead of throwing.
    /// </summary>
    public async Task<IReadOnlyList<MonitoredItem>> AddMonitoredItemsAsync(IReadOnlyList<MonitoredItemOptions> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var namespaces = _session.NamespaceUris;
        var created = new MonitoredItem[items.Count];
        lock (_items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var ns = items[i].NodeId.NamespaceIndex;
                var item = new MonitoredItem(++_lastHandle, items[i], Settings(items[i]), ns < namespaces.Count ? namespaces[ns] : null);
                _items.Add(item.ClientHandle, item);
                created[i] = item;
            }
        }

        await CreateItemsAsync(created, cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>The options object the item shares with the items added before it when its settings are the same (under the _items lock).</summary>
    private MonitoredItemOptions Settings(MonitoredItemOptions options)
    {
        if (_lastSettings is null || !MonitoredItem.SameSettings(_lastSettings, options))
        {
            _lastSettings = options;
        }

        return _lastSettings;
    }

    /// <summary>
    /// With <see cref="SubscriptionOptions.ManualAcknowledge"/>: the message of a batch read from
    /// <see cref="Notifications"/> may now be released by the server; sent with the next Publish request. A sequence
    /// number the server no longer knows (after a recreate) is refused harmlessly.
    /// </summary>
    public void Acknowledge(uint sequenceNumber)
    {
        if (sequenceNumber != 0 && !IsTransferredAway)
        {
            _session.Publisher.Acknowledge(Id, sequenceNumber);
        }
    }

    /// <summary>Deletes the subscription on the server and ends <see cref="Notifications"/>.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        _session.Publisher.Remove(this);
        _stream.Complete();
        if (!IsTransferredAway)
        {
            await _session.CallAsync<DeleteSubscriptionsResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [Id] }, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DeleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (ServiceResultException)
        {
            // The session or the server is gone; so is the subscription.
        }
    }

    internal async Task CreateOnServerAsync(CancellationToken cancellationToken)
    {
        var response = await _session.CallAsync<CreateSubscriptionResponse>(new CreateSubscriptionRequest
        {
            RequestedPublishingInterval = _options.PublishingInterval.TotalMilliseconds,
            RequestedLifetimeCount = _options.RequestedLifetimeCount,
            RequestedMaxKeepAliveCount = _options.KeepAliveCount,
            MaxNotificationsPerPublish = _options.MaxNotificationsPerPublish,
            PublishingEnabled = true,
            Priority = _options.Priority,
        }, cancellationToken).ConfigureAwait(false);
        Id = response.SubscriptionId;
        RevisedPublishingInterval = TimeSpan.FromMilliseconds(Math.Max(response.RevisedPublishingInterval, 1));
        RevisedKeepAliveCount = response.RevisedMaxKeepAliveCount;
        RevisedLifetimeCount = response.RevisedLifetimeCount;
        _tracker = new SequenceTracker<ReceivedMessage>();
        _session.Logger.SubscriptionCreated(Id, RevisedPublishingInterval.TotalMilliseconds, RevisedKeepAliveCount, RevisedLifetimeCount);
    }

    internal Task CreateItemsAsync(IReadOnlyList<MonitoredItem> items, CancellationToken cancellationToken) =>
        MonitoredItemCreation.CreateAsync(_session, Id, items, cancellationToken);

    /// <summary>One Publish response for this subscription, from any of the outstanding requests.</summary>
    internal async Task ProcessAsync(PublishResult response, CancellationToken cancellationToken)
    {
        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var message = response.Message;
            if (response.DataCount == 0)
            {
                _tracker.KeepAlive(message.SequenceNumber);
            }
            else if (_tracker.Accept(message.SequenceNumber, message) && !_options.ManualAcknowledge)
            {
                _session.Publisher.Acknowledge(Id, message.SequenceNumber);
            }

            await DrainAsync(cancellationToken).ConfigureAwait(false);
            await RepairIfStaleAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _processing.Release();
        }
    }

    /// <summary>Called by the publish engine's maintenance loop: repairs holes nobody filled within the grace time.</summary>
    internal async Task RepairStaleHolesAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _holeSince) == 0)
        {
            return;
        }

        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RepairIfStaleAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _processing.Release();
        }
    }

    // Responses of concurrent Publish requests are handled in any order, so a hole may only mean "still on its way":
    // Republish only once it has outlived a grace time (UA-R05 without spurious Republish, UA-R07).
    private async Task RepairIfStaleAsync(CancellationToken cancellationToken)
    {
        if (!_tracker.HasHoles)
        {
            Volatile.Write(ref _holeSince, 0);
            return;
        }

        var since = Volatile.Read(ref _holeSince);
        if (since == 0)
        {
            Volatile.Write(ref _holeSince, _session.Time.GetTimestamp());
            return;
        }

        var grace = TimeSpan.FromMilliseconds(Math.Clamp(RevisedPublishingInterval.TotalMilliseconds, 100, 1000));
        if (_session.Time.GetElapsedTime(since) >= grace)
        {
            await RepairAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After the same session came back on a new channel: Republish from the next expected number until BadMessageNotAvailable (UA-R01).</summary>
    internal async Task RepublishMissedAsync(CancellationToken cancellationToken)
    {
        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = _tracker.NextExpected;
            for (var i = 0; i < MaxRepublishPerPass * 16; i++)
            {
                var message = await RepublishAsync(next, cancellationToken).ConfigureAwait(false);
                if (message is null)
                {
                    break;
                }

                next = next == uint.MaxValue ? 1 : next + 1;
            }

            await DrainAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _holeSince, 0);
            await RepairIfStaleAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _processing.Release();
        }
    }

    /// <summary>After TransferSubscriptions: fetch what the server still holds for us.</summary>
    internal async Task TransferredAsync(uint[]? availableSequenceNumbers, CancellationToken cancellationToken)
    {
        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var sequenceNumber in availableSequenceNumbers ?? [])
            {
                _tracker.Exists(sequenceNumber);
            }

            await RepairAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _processing.Release();
        }
    }

    /// <summary>The subscription is gone on the server: flag the gap, create it again with all its items (UA-R03/R04).</summary>
    internal async Task RecreateAsync(CancellationToken cancellationToken)
    {
        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var oldId = Id;
            var now = _session.Time.GetUtcNow().UtcDateTime;
            await _stream.EmitGapAsync(new DataGap(oldId, DataGapReason.SubscriptionRecreated, _tracker.NextExpected, 0, _stream.LastPublishTime, now), cancellationToken)
                .ConfigureAwait(false);
            await CreateOnServerAsync(cancellationToken).ConfigureAwait(false);
            _session.Publisher.Rekey(oldId, this);
            var items = Items;
            var toCreate = NamespaceRemapper.Remap(_session.NamespaceUris, items);
            await CreateItemsAsync(toCreate, cancellationToken).ConfigureAwait(false);
            _session.Logger.SubscriptionRecreated(oldId, Id, toCreate.Count);
        }
        finally
        {
            _processing.Release();
        }
    }

    /// <summary>
    /// Items whose create failed because the connection went (not because the server refused them) are created again.
    /// When a create call was cut off after it was sent, the server may have made those items and only the answer was
    /// lost: sending it again would make them twice (each change reported twice under one client handle, for good), and
    /// without the server's ids they cannot be deleted one by one. Then the subscription is replaced instead: deleted,
    /// created anew with all its items, and the gap reported.
    /// </summary>
    internal async Task RetryInterruptedItemsAsync(CancellationToken cancellationToken)
    {
        var interrupted = new List<MonitoredItem>();
        var inDoubt = false;
        foreach (var item in Items)
        {
            if (item.State == MonitoredItemState.Failed
                && (UaSession.IsConnectionFailure(item.Status.Code) || item.Status.Code is StatusCodes.BadTimeout or StatusCodes.BadSubscriptionIdInvalid))
            {
                interrupted.Add(item);
                inDoubt |= MayHaveReachedServer(item.Status.Code);
            }
        }

        if (interrupted.Count == 0)
        {
            return;
        }

        if (inDoubt)
        {
            await DeleteReplacedAsync(cancellationToken).ConfigureAwait(false);
            await RecreateAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await CreateItemsAsync(NamespaceRemapper.Remap(_session.NamespaceUris, interrupted), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Failures after which a request may have been processed: sent, but its answer never came.</summary>
    private static bool MayHaveReachedServer(uint statusCode) => statusCode is
        StatusCodes.BadTimeout or StatusCodes.BadConnectionClosed or StatusCodes.BadCommunicationError or StatusCodes.BadSecureChannelClosed;

    private async Task DeleteReplacedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _session.CallAsync<DeleteSubscriptionsResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [Id] }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ServiceResultException e) when (!UaSession.IsConnectionFailure(e.StatusCode) && e.StatusCode != StatusCodes.BadTimeout)
        {
            // Already gone (BadSubscriptionIdInvalid): nothing to replace on the server.
        }
    }

    internal void MarkTransferredAway()
    {
        IsTransferredAway = true;
        _session.Publisher.Remove(this);
        _stream.Complete();
    }

    private async Task RepairAsync(CancellationToken cancellationToken)
    {
        var missing = new List<uint>();
        _tracker.CollectMissing(missing, MaxRepublishPerPass);
        foreach (var sequenceNumber in missing)
        {
            try
            {
                if (await RepublishAsync(sequenceNumber, cancellationToken).ConfigureAwait(false) is null)
                {
                    _tracker.MarkLost(sequenceNumber);
                }
            }
            catch (ServiceResultException e)
            {
                // The connection went; the reconnect will Republish again.
                _session.Logger.RepublishFailed(Id, sequenceNumber, e.StatusName);
                break;
            }
        }

        await DrainAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _holeSince, _tracker.HasHoles ? _session.Time.GetTimestamp() : 0);
    }

    /// <summary>Republish one message; null when the server no longer has it (BadMessageNotAvailable).</summary>
    private async Task<NotificationMessage?> RepublishAsync(uint sequenceNumber, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _session.CallAsync<RepublishResponse>(new RepublishRequest
            {
                SubscriptionId = Id,
                RetransmitSequenceNumber = sequenceNumber,
            }, cancellationToken).ConfigureAwait(false);
            var message = response.NotificationMessage;
            if (_tracker.Accept(sequenceNumber, ReceivedMessage.From(message, true)) && !_options.ManualAcknowledge)
            {
                _session.Publisher.Acknowledge(Id, sequenceNumber);
            }

            _session.Logger.Republished(Id, sequenceNumber);
            return message;
        }
        catch (ServiceResultException e) when (e.StatusCode == StatusCodes.BadMessageNotAvailable)
        {
            return null;
        }
    }

    private Task DrainAsync(CancellationToken cancellationToken) => _stream.DrainAsync(_tracker, Id, OnStatusChange, cancellationToken);

    private void OnStatusChange(StatusCode status, bool republished)
    {
        if (republished && status.Code == StatusCodes.GoodSubscriptionTransferred)
        {
            // Fetched by Republish after we took the subscription over: the notice the server queued for the session we
            // took it from (node-opcua keeps it among the unacknowledged messages). It is about that session, not us.
            return;
        }

        _session.Logger.SubscriptionStatusChanged(Id, status.Name);
        _session.RaiseSubscriptionStatus(new SubscriptionStatusEventArgs(Id, status));
        if (status.Code == StatusCodes.GoodSubscriptionTransferred)
        {
            MarkTransferredAway();
        }
        else if (status.Code == StatusCodes.BadTimeout)
        {
            _session.Publisher.RequestRecreate(this);
        }
    }
}
