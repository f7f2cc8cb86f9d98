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
public sealed class Subscription : IAsyncDisposable
{
    private const int MaxRepublishPerPass = 256;

    private readonly UaSession _session;
    private readonly SubscriptionOptions _options;
    private readonly Channel<NotificationBatch> _notifications;
    private readonly SemaphoreSlim _processing = new(1, 1);
    private readonly Dictionary<uint, MonitoredItem> _items = [];
    private SequenceTracker<ReceivedMessage> _tracker = new();
    private uint _lastHandle;
    private long _step;
    private long _holeStep = -1;
    private DateTime _lastPublishTime;

    internal Subscription(UaSession session, SubscriptionOptions options)
    {
        _session = session;
        _options = options;
        _notifications = Channel.CreateBounded<NotificationBatch>(new BoundedChannelOptions(Math.Max(1, options.NotificationQueueCapacity))
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastPublishTime = session.Time.GetUtcNow().UtcDateTime;
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
    public ChannelReader<NotificationBatch> Notifications => _notifications.Reader;

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
                var item = new MonitoredItem(++_lastHandle, items[i], ns < namespaces.Count ? namespaces[ns] : null);
                _items.Add(item.ClientHandle, item);
                created[i] = item;
            }
        }

        await CreateItemsAsync(created, cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Deletes the subscription on the server and ends <see cref="Notifications"/>.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        _session.Publisher.Remove(this);
        _notifications.Writer.TryComplete();
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
            RequestedLifetimeCount = _options.LifetimeCount,
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

    internal async Task CreateItemsAsync(IReadOnlyList<MonitoredItem> items, CancellationToken cancellationToken)
    {
        var requests = new MonitoredItemCreateRequest[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            items[i].State = MonitoredItemState.Pending;
            requests[i] = items[i].ToCreateRequest();
        }

        try
        {
            await OperationBatcher.RunAsync(requests, _session.BatchLimit(_session.OperationLimits.MaxMonitoredItemsPerCall), async (batch, ct) =>
            {
                var response = await _session.CallAsync<CreateMonitoredItemsResponse>(new CreateMonitoredItemsRequest
                {
                    SubscriptionId = Id,
                    TimestampsToReturn = TimestampsToReturn.Both,
                    ItemsToCreate = batch,
                }, ct).ConfigureAwait(false);
                return response.Results;
            }, cancellationToken, (offset, results) =>
            {
                for (var i = 0; i < results.Length; i++)
                {
                    items[offset + i].Apply(results[i]);
                }
            }).ConfigureAwait(false);
        }
        catch (ServiceResultException e)
        {
            var failed = 0;
            foreach (var item in items)
            {
                if (item.State == MonitoredItemState.Pending)
                {
                    item.Fail(e.StatusCode);
                    failed++;
                }
            }

            _session.Logger.MonitoredItemsFailed(Id, failed, e.StatusName);
        }
    }

    /// <summary>One Publish response for this subscription, from any of the outstanding requests.</summary>
    internal async Task ProcessAsync(PublishResponse response, CancellationToken cancellationToken)
    {
        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _step++;
            var message = response.NotificationMessage;
            if (message.NotificationData is null || message.NotificationData.Length == 0)
            {
                _tracker.KeepAlive(message.SequenceNumber);
            }
            else if (_tracker.Accept(message.SequenceNumber, new ReceivedMessage(message, false)))
            {
                _session.Publisher.Acknowledge(Id, message.SequenceNumber);
            }

            await DrainAsync(cancellationToken).ConfigureAwait(false);
            if (!_tracker.HasHoles)
            {
                _holeStep = -1;
            }
            else if (_holeStep < 0)
            {
                // Responses of concurrent Publish requests may be handled out of order: wait one more before Republish.
                _holeStep = _step;
            }
            else if (_step > _holeStep)
            {
                await RepairAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _processing.Release();
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
            _holeStep = _tracker.HasHoles ? _step : -1;
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
            await EmitGapAsync(new DataGap(oldId, DataGapReason.SubscriptionRecreated, _tracker.NextExpected, 0, _lastPublishTime, now), cancellationToken)
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

    internal void MarkTransferredAway()
    {
        IsTransferredAway = true;
        _session.Publisher.Remove(this);
        _notifications.Writer.TryComplete();
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
        _holeStep = _tracker.HasHoles ? _step : -1;
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
            if (_tracker.Accept(sequenceNumber, new ReceivedMessage(message, true)))
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

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        uint gapFirst = 0, gapLast = 0;
        while (_tracker.TryDequeue(out var sequenceNumber, out var received))
        {
            if (received is null)
            {
                gapFirst = gapFirst == 0 ? sequenceNumber : gapFirst;
                gapLast = sequenceNumber;
                continue;
            }

            var publishTime = received.Message.PublishTime.ToDateTime();
            if (gapFirst != 0)
            {
                await EmitGapAsync(new DataGap(Id, DataGapReason.MessagesLost, gapFirst, gapLast, _lastPublishTime, publishTime), cancellationToken)
                    .ConfigureAwait(false);
                gapFirst = 0;
            }

            _lastPublishTime = publishTime;
            await DeliverAsync(received, sequenceNumber, publishTime, cancellationToken).ConfigureAwait(false);
        }

        if (gapFirst != 0)
        {
            await EmitGapAsync(new DataGap(Id, DataGapReason.MessagesLost, gapFirst, gapLast, _lastPublishTime, _session.Time.GetUtcNow().UtcDateTime), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(ReceivedMessage received, uint sequenceNumber, DateTime publishTime, CancellationToken cancellationToken)
    {
        foreach (var data in received.Message.NotificationData ?? [])
        {
            if (NotificationDecoder.TryDataChange(data, out var values))
            {
                await _notifications.Writer.WriteAsync(new NotificationBatch(Id, sequenceNumber, publishTime, values, received.Republished, null), cancellationToken)
                    .ConfigureAwait(false);
            }
            else if (NotificationDecoder.TryStatusChange(data, out var status))
            {
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
    }

    private async Task EmitGapAsync(DataGap gap, CancellationToken cancellationToken)
    {
        _session.Logger.DataGapDetected(gap.SubscriptionId, gap.Reason.ToString(), gap.FirstSequenceNumber, gap.LastSequenceNumber);
        _session.RaiseDataGap(gap);
        await _notifications.Writer.WriteAsync(new NotificationBatch(gap.SubscriptionId, gap.FirstSequenceNumber, gap.To, [], false, gap), cancellationToken)
            .ConfigureAwait(false);
    }
}
