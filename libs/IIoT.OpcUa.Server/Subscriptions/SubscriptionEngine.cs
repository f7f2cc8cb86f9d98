using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// The server side of the Subscription (OPC 10000-4 §5.13) and MonitoredItem (§5.12) service sets: one method per
/// service, taking the session id and the request and returning the response with ResponseHeader.ServiceResult set
/// (the caller stamps RequestHandle and Timestamp). Thread-safe: one lock guards all subscription state; sampling
/// and publishing run on <see cref="TimeProvider"/> timers (one per subscription, one per sampling interval in use).
/// </summary>
public sealed class SubscriptionEngine : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly SubscriptionEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MonitoredItemService _items;
    private readonly Publisher _publisher;
    private readonly SubscriptionRegistry _registry = new();
    private readonly SubscriptionMetrics _metrics;
    private bool _disposed;

    /// <param name="source">The address space seam: sampled from the engine's timers, so thread-safe and cheap.</param>
    /// <param name="options">Limits and bounds (validated here); defaults when null.</param>
    /// <param name="time">The clock for every timer and timestamp; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Event ids 3100-3199.</param>
    /// <param name="meterFactory">Creates the meter "IIoT.OpcUa.Server.Subscriptions"; a plain Meter when null.</param>
    public SubscriptionEngine(IMonitoredNodeSource source, SubscriptionEngineOptions? options = null, TimeProvider? time = null, ILogger? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _options = options ?? new SubscriptionEngineOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _metrics = new SubscriptionMetrics(meterFactory, () => SubscriptionCount);
        _items = new MonitoredItemService(_options, source, _time, _metrics) { OnSamplingTick = OnSamplingTick };
        _publisher = new Publisher(_time, _logger, _metrics, new DataChangeEncoder(_options.MaxNotificationMessageBytes), DeleteSubscriptionCore);
    }

    /// <summary>Subscriptions alive in the server, orphans included.</summary>
    public int SubscriptionCount
    {
        get { lock (_gate) return _registry.Count; }
    }

    /// <summary>CreateSubscription (§5.13.2): parameters are revised within the options; lifetime >= 3 x keep-alive.</summary>
    public CreateSubscriptionResponse CreateSubscription(NodeId sessionId, CreateSubscriptionRequest request)
    {
        lock (_gate)
        {
            if (_disposed) return new CreateSubscriptionResponse { ResponseHeader = Header(StatusCodes.BadShutdown) };
            var session = _registry.SessionFor(sessionId);
            if (session.Subscriptions.Count >= _options.MaxSubscriptionsPerSession || _registry.Count >= _options.MaxSubscriptions)
                return new CreateSubscriptionResponse { ResponseHeader = Header(StatusCodes.BadTooManySubscriptions) };
            var subscription = _registry.Create(session, _options.MaxRetransmissionQueueSize);
            subscription.PublishingEnabled = request.PublishingEnabled;
            subscription.Priority = request.Priority;
            SubscriptionRevision.Apply(_options, subscription, request.RequestedPublishingInterval, request.RequestedLifetimeCount, request.RequestedMaxKeepAliveCount, request.MaxNotificationsPerPublish);
            subscription.StartPublishingTimer(_time, OnPublishingTick);
            Log.SubscriptionCreated(_logger, subscription.Id, sessionId.ToString(), subscription.PublishingInterval, subscription.LifetimeCount, subscription.MaxKeepAliveCount);
            return new CreateSubscriptionResponse
            {
                ResponseHeader = Header(StatusCodes.Good),
                SubscriptionId = subscription.Id,
                RevisedPublishingInterval = subscription.PublishingInterval,
                RevisedLifetimeCount = subscription.LifetimeCount,
                RevisedMaxKeepAliveCount = subscription.MaxKeepAliveCount,
            };
        }
    }

    /// <summary>ModifySubscription (§5.13.3): the same revision rules as CreateSubscription.</summary>
    public ModifySubscriptionResponse ModifySubscription(NodeId sessionId, ModifySubscriptionRequest request)
    {
        lock (_gate)
        {
            if (!TryOwned(sessionId, request.SubscriptionId, out var subscription))
                return new ModifySubscriptionResponse { ResponseHeader = Header(InvalidSubscription()) };
            var previousInterval = subscription.PublishingInterval;
            SubscriptionRevision.Apply(_options, subscription, request.RequestedPublishingInterval, request.RequestedLifetimeCount, request.RequestedMaxKeepAliveCount, request.MaxNotificationsPerPublish);
            subscription.Priority = request.Priority;
            if (subscription.PublishingInterval != previousInterval) subscription.StartPublishingTimer(_time, OnPublishingTick);
            return new ModifySubscriptionResponse
            {
                ResponseHeader = Header(StatusCodes.Good),
                RevisedPublishingInterval = subscription.PublishingInterval,
                RevisedLifetimeCount = subscription.LifetimeCount,
                RevisedMaxKeepAliveCount = subscription.MaxKeepAliveCount,
            };
        }
    }

    /// <summary>SetPublishingMode (§5.13.4): results per subscription id.</summary>
    public SetPublishingModeResponse SetPublishingMode(NodeId sessionId, SetPublishingModeRequest request)
    {
        lock (_gate)
        {
            var ids = request.SubscriptionIds ?? [];
            if (ids.Length == 0) return new SetPublishingModeResponse { ResponseHeader = Header(NothingToDo()) };
            var results = new StatusCode[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                if (!TryOwned(sessionId, ids[i], out var subscription))
                {
                    results[i] = StatusCodes.BadSubscriptionIdInvalid;
                    continue;
                }
                subscription.PublishingEnabled = request.PublishingEnabled;
            }
            return new SetPublishingModeResponse { ResponseHeader = Header(StatusCodes.Good), Results = results };
        }
    }

    /// <summary>DeleteSubscriptions (§5.13.8): their monitored items go too; results per subscription id.</summary>
    public DeleteSubscriptionsResponse DeleteSubscriptions(NodeId sessionId, DeleteSubscriptionsRequest request)
    {
        lock (_gate)
        {
            var ids = request.SubscriptionIds ?? [];
            if (ids.Length == 0) return new DeleteSubscriptionsResponse { ResponseHeader = Header(NothingToDo()) };
            var results = new StatusCode[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                if (TryOwned(sessionId, ids[i], out var subscription)) DeleteSubscriptionCore(subscription);
                else results[i] = StatusCodes.BadSubscriptionIdInvalid;
            }
            if (_registry.TryGetSession(sessionId, out var session)) Publisher.FailIfNoSubscriptions(session);
            return new DeleteSubscriptionsResponse { ResponseHeader = Header(StatusCodes.Good), Results = results };
        }
    }

    /// <summary>CreateMonitoredItems (§5.12.2): one result per item, in order; the first value is sampled at once.</summary>
    public CreateMonitoredItemsResponse CreateMonitoredItems(NodeId sessionId, CreateMonitoredItemsRequest request)
    {
        lock (_gate)
        {
            var status = CheckItemsCall(sessionId, request.SubscriptionId, request.TimestampsToReturn, request.ItemsToCreate?.Length ?? 0, out var subscription);
            if (status != StatusCodes.Good) return new CreateMonitoredItemsResponse { ResponseHeader = Header(status) };
            var results = _items.Create(subscription!, request.TimestampsToReturn, request.ItemsToCreate!);
            Log.MonitoredItemsCreated(_logger, subscription!.Id, results.Length, CountBad(results));
            return new CreateMonitoredItemsResponse { ResponseHeader = Header(StatusCodes.Good), Results = results };
        }
    }

    /// <summary>ModifyMonitoredItems (§5.12.3): one result per item.</summary>
    public ModifyMonitoredItemsResponse ModifyMonitoredItems(NodeId sessionId, ModifyMonitoredItemsRequest request)
    {
        lock (_gate)
        {
            var status = CheckItemsCall(sessionId, request.SubscriptionId, request.TimestampsToReturn, request.ItemsToModify?.Length ?? 0, out var subscription);
            if (status != StatusCodes.Good) return new ModifyMonitoredItemsResponse { ResponseHeader = Header(status) };
            var results = _items.Modify(subscription!, request.TimestampsToReturn, request.ItemsToModify!);
            return new ModifyMonitoredItemsResponse { ResponseHeader = Header(StatusCodes.Good), Results = results };
        }
    }

    /// <summary>SetMonitoringMode (§5.12.4): Disabled stops sampling and clears the queue; Sampling queues without reporting.</summary>
    public SetMonitoringModeResponse SetMonitoringMode(NodeId sessionId, SetMonitoringModeRequest request)
    {
        lock (_gate)
        {
            var status = CheckItemsCall(sessionId, request.SubscriptionId, TimestampsToReturn.Both, request.MonitoredItemIds?.Length ?? 0, out var subscription);
            if (status == StatusCodes.Good && request.MonitoringMode is < MonitoringMode.Disabled or > MonitoringMode.Reporting)
                status = StatusCodes.BadMonitoringModeInvalid;
            if (status != StatusCodes.Good) return new SetMonitoringModeResponse { ResponseHeader = Header(status) };
            var results = _items.SetMonitoringMode(subscription!, request.MonitoringMode, request.MonitoredItemIds!);
            return new SetMonitoringModeResponse { ResponseHeader = Header(StatusCodes.Good), Results = results };
        }
    }

    /// <summary>DeleteMonitoredItems (§5.12.6): one result per item id.</summary>
    public DeleteMonitoredItemsResponse DeleteMonitoredItems(NodeId sessionId, DeleteMonitoredItemsRequest request)
    {
        lock (_gate)
        {
            var status = CheckItemsCall(sessionId, request.SubscriptionId, TimestampsToReturn.Both, request.MonitoredItemIds?.Length ?? 0, out var subscription);
            if (status != StatusCodes.Good) return new DeleteMonitoredItemsResponse { ResponseHeader = Header(status) };
            var results = _items.Delete(subscription!, request.MonitoredItemIds!);
            return new DeleteMonitoredItemsResponse { ResponseHeader = Header(StatusCodes.Good), Results = results };
        }
    }

    /// <summary>SetTriggering (§5.12.5): links whose queued values a notification of the triggering item releases.</summary>
    public SetTriggeringResponse SetTriggering(NodeId sessionId, SetTriggeringRequest request)
    {
        lock (_gate)
        {
            var add = request.LinksToAdd ?? [];
            var remove = request.LinksToRemove ?? [];
            var status = CheckItemsCall(sessionId, request.SubscriptionId, TimestampsToReturn.Both, add.Length + remove.Length, out var subscription);
            StatusCode[] addResults = [];
            StatusCode[] removeResults = [];
            if (status == StatusCodes.Good)
                status = _items.SetTriggering(subscription!, request.TriggeringItemId, add, remove, out addResults, out removeResults);
            if (status != StatusCodes.Good) return new SetTriggeringResponse { ResponseHeader = Header(status) };
            return new SetTriggeringResponse { ResponseHeader = Header(StatusCodes.Good), AddResults = addResults, RemoveResults = removeResults };
        }
    }

    /// <summary>
    /// Publish (§5.13.5): processes the acknowledgements (Results, one per ack), then completes at once if a
    /// subscription of the session has data, an owed keep-alive or a status change waiting; otherwise the request is
    /// queued until a publishing cycle needs it, its TimeoutHint elapses (Bad_Timeout), or <paramref name="ct"/> fires.
    /// </summary>
    public ValueTask<PublishResponse> PublishAsync(NodeId sessionId, PublishRequest request, CancellationToken ct)
    {
        PendingPublish pending;
        lock (_gate)
        {
            if (_disposed) return ValueTask.FromResult(new PublishResponse { ResponseHeader = Header(StatusCodes.BadShutdown) });
            var session = _registry.SessionFor(sessionId);
            pending = new PendingPublish(session, _registry.Acknowledge(session, request.SubscriptionAcknowledgements));
            // §5.13.1.1: a Publish request resets the lifetime of every subscription of its session.
            foreach (var subscription in session.Subscriptions) subscription.LifetimeCounter = 0;
            if (_publisher.TryServe(session, pending)) return new ValueTask<PublishResponse>(pending.Task);
            if (session.Subscriptions.Count == 0)
            {
                pending.Fail(StatusCodes.BadNoSubscription);
                return new ValueTask<PublishResponse>(pending.Task);
            }
            pending.Node = session.Requests.AddLast(pending);
            if (session.Requests.Count > _options.MaxPublishRequestsPerSession)
            {
                // §5.13.5: over the limit, the OLDEST queued request is answered with Bad_TooManyPublishRequests.
                Log.TooManyPublishRequests(_logger, sessionId.ToString());
                session.TakeRequest()!.Fail(StatusCodes.BadTooManyPublishRequests);
            }
            if (!pending.Completed) pending.Arm(_time, _gate, request.RequestHeader.TimeoutHint, ct);
        }
        return new ValueTask<PublishResponse>(pending.Task);
    }

    /// <summary>Republish (§5.13.6): a message from the retransmission queue, or Bad_MessageNotAvailable.</summary>
    public RepublishResponse Republish(NodeId sessionId, RepublishRequest request)
    {
        lock (_gate)
        {
            if (!TryOwned(sessionId, request.SubscriptionId, out var subscription))
                return new RepublishResponse { ResponseHeader = Header(InvalidSubscription()) };
            var message = subscription.FindRetained(request.RetransmitSequenceNumber);
            if (message is null) return new RepublishResponse { ResponseHeader = Header(StatusCodes.BadMessageNotAvailable) };
            return new RepublishResponse { ResponseHeader = Header(StatusCodes.Good), NotificationMessage = message };
        }
    }

    /// <summary>
    /// TransferSubscriptions (§5.13.7) to <paramref name="targetSessionId"/>, from a live or closed session. The old
    /// session gets Good_SubscriptionTransferred; sendInitialValues queues the current value of every Reporting item.
    /// §5.13.7 allows it only for the same user: <paramref name="mayTransferFrom"/> gets the id of the session that owns
    /// (or, if orphaned, last owned) each subscription and returns false to refuse with Bad_UserAccessDenied.
    /// </summary>
    public TransferSubscriptionsResponse TransferSubscriptions(NodeId targetSessionId, TransferSubscriptionsRequest request, Func<NodeId, bool>? mayTransferFrom = null)
    {
        lock (_gate)
        {
            var ids = request.SubscriptionIds ?? [];
            if (_disposed || ids.Length == 0)
                return new TransferSubscriptionsResponse { ResponseHeader = Header(_disposed ? StatusCodes.BadShutdown : StatusCodes.BadNothingToDo) };
            var target = _registry.SessionFor(targetSessionId);
            var results = new TransferResult[ids.Length];
            for (var i = 0; i < ids.Length; i++) results[i] = TransferOne(target, ids[i], request.SendInitialValues, mayTransferFrom);
            return new TransferSubscriptionsResponse { ResponseHeader = Header(StatusCodes.Good), Results = results };
        }
    }

    /// <summary>
    /// The server closed <paramref name="sessionId"/> (CloseSession or session timeout): its queued Publish requests fail
    /// with Bad_SessionClosed and its subscriptions are deleted, or orphaned until transferred or expired.
    /// </summary>
    public void CloseSession(NodeId sessionId, bool deleteSubscriptions)
    {
        lock (_gate)
        {
            if (!_registry.RemoveSession(sessionId, out var session)) return;
            while (session.TakeRequest() is { } request) request.Fail(StatusCodes.BadSessionClosed);
            var subscriptions = session.Subscriptions.ToArray();
            foreach (var subscription in subscriptions)
            {
                if (deleteSubscriptions)
                {
                    DeleteSubscriptionCore(subscription);
                    continue;
                }
                subscription.Session = null;
                subscription.Late = false;
            }
            session.Subscriptions.Clear();
            Log.SessionClosed(_logger, sessionId.ToString(), subscriptions.Length, deleteSubscriptions ? "deleted" : "orphaned");
        }
    }

    /// <summary>Stops every timer and answers every queued Publish request with Bad_Shutdown.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            foreach (var session in _registry.Sessions)
            {
                while (session.TakeRequest() is { } request) request.Fail(StatusCodes.BadShutdown);
            }
            _registry.Clear();
        }
        _metrics.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The engine's meter, for tests that listen to this engine only.</summary>
    internal Meter Meter => _metrics.Meter;

    /// <summary>Test hook for the rollover at 2^32-1 (UA-R06).</summary>
    internal void SetNextSequenceNumber(uint subscriptionId, uint next)
    {
        lock (_gate)
        {
            if (_registry.TryGet(subscriptionId, out var subscription)) subscription.NextSequenceNumber = next;
        }
    }

    private TransferResult TransferOne(SessionState target, uint subscriptionId, bool sendInitialValues, Func<NodeId, bool>? mayTransferFrom)
    {
        if (!_registry.TryGet(subscriptionId, out var subscription))
            return new TransferResult { StatusCode = StatusCodes.BadSubscriptionIdInvalid };
        if (mayTransferFrom is not null && !mayTransferFrom(subscription.OwnerId))
            return new TransferResult { StatusCode = StatusCodes.BadUserAccessDenied };
        var source = subscription.Session;
        if (source != target)
        {
            if (target.Subscriptions.Count >= _options.MaxSubscriptionsPerSession)
                return new TransferResult { StatusCode = StatusCodes.BadTooManySubscriptions };
            _publisher.Move(subscription, target);
            Log.SubscriptionTransferred(_logger, subscription.Id, target.Id.ToString());
        }
        subscription.LifetimeCounter = 0;
        if (sendInitialValues) _items.QueueCurrentValues(subscription);
        return new TransferResult { StatusCode = StatusCodes.Good, AvailableSequenceNumbers = subscription.AvailableSequenceNumbers() };
    }

    private uint CheckItemsCall(NodeId sessionId, uint subscriptionId, TimestampsToReturn timestamps, int count, out Subscription? subscription)
    {
        subscription = null;
        if (_disposed) return StatusCodes.BadShutdown;
        if (!TryOwned(sessionId, subscriptionId, out var owned)) return StatusCodes.BadSubscriptionIdInvalid;
        subscription = owned;
        if (timestamps is < TimestampsToReturn.Source or > TimestampsToReturn.Neither) return StatusCodes.BadTimestampsToReturnInvalid;
        if (count == 0) return StatusCodes.BadNothingToDo;
        // §5.13.1.1: every service call for a subscription resets its lifetime counter.
        owned.LifetimeCounter = 0;
        return StatusCodes.Good;
    }

    private bool TryOwned(NodeId sessionId, uint subscriptionId, out Subscription subscription)
    {
        if (!_disposed && _registry.TryOwned(sessionId, subscriptionId, out subscription))
        {
            subscription.LifetimeCounter = 0;
            return true;
        }
        subscription = null!;
        return false;
    }

    private void DeleteSubscriptionCore(Subscription subscription)
    {
        _registry.Delete(subscription);
        Log.SubscriptionDeleted(_logger, subscription.Id);
    }

    private void OnSamplingTick(SamplingGroup group)
    {
        lock (_gate)
        {
            if (_disposed || group.Disposed) return;
            try
            {
                _items.Sample(group);
            }
            catch (Exception ex)
            {
                Log.SamplingFailed(_logger, ex, group.Subscription.Id, group.Interval);
            }
        }
    }

    private void OnPublishingTick(Subscription subscription)
    {
        lock (_gate)
        {
            if (_disposed) return;
            try
            {
                _publisher.OnPublishingCycle(subscription);
            }
            catch (Exception ex)
            {
                Log.PublishingFailed(_logger, ex, subscription.Id);
            }
        }
    }

    private uint InvalidSubscription() => _disposed ? StatusCodes.BadShutdown : StatusCodes.BadSubscriptionIdInvalid;

    private uint NothingToDo() => _disposed ? StatusCodes.BadShutdown : StatusCodes.BadNothingToDo;

    private static int CountBad(MonitoredItemCreateResult[] results)
    {
        var bad = 0;
        foreach (var result in results)
        {
            if (result.StatusCode.IsBad) bad++;
        }
        return bad;
    }

    private static ResponseHeader Header(uint status) => new() { ServiceResult = status };
}
