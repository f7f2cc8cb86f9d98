using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// The MonitoredItem service set (OPC 10000-4 §5.12) on one subscription, and the sampling of its items. Every
/// operation gets a result; nothing is dropped silently. Called under the engine's lock.
/// </summary>
internal sealed class MonitoredItemService(SubscriptionEngineOptions options, IMonitoredNodeSource source, TimeProvider time, SubscriptionMetrics metrics)
{
    private uint _lastItemId;

    public MonitoredItemCreateResult[] Create(Subscription subscription, TimestampsToReturn timestamps, MonitoredItemCreateRequest[] requests)
    {
        var results = new MonitoredItemCreateResult[requests.Length];
        var now = NowTicks();
        for (var i = 0; i < requests.Length; i++) results[i] = CreateOne(subscription, timestamps, requests[i], now);
        return results;
    }

    public MonitoredItemModifyResult[] Modify(Subscription subscription, TimestampsToReturn timestamps, MonitoredItemModifyRequest[] requests)
    {
        var results = new MonitoredItemModifyResult[requests.Length];
        for (var i = 0; i < requests.Length; i++) results[i] = ModifyOne(subscription, timestamps, requests[i]);
        return results;
    }

    public StatusCode[] SetMonitoringMode(Subscription subscription, MonitoringMode mode, uint[] itemIds)
    {
        var results = new StatusCode[itemIds.Length];
        var now = NowTicks();
        for (var i = 0; i < itemIds.Length; i++)
        {
            if (!subscription.Items.TryGetValue(itemIds[i], out var item))
            {
                results[i] = StatusCodes.BadMonitoredItemIdInvalid;
                continue;
            }
            ApplyMode(subscription, item, mode, now);
        }
        return results;
    }

    public StatusCode[] Delete(Subscription subscription, uint[] itemIds)
    {
        var results = new StatusCode[itemIds.Length];
        for (var i = 0; i < itemIds.Length; i++)
        {
            if (!subscription.Items.Remove(itemIds[i], out var item))
            {
                results[i] = StatusCodes.BadMonitoredItemIdInvalid;
                continue;
            }
            item.Deleted = true; // links to it are skipped from now on
            item.Links = null;
            Ungroup(subscription, item);
            item.Queue.Clear();
        }
        return results;
    }

    /// <summary>One pass over a sampling group: read, filter, queue. No LINQ and no allocation of ours per item.</summary>
    public void Sample(SamplingGroup group)
    {
        var now = NowTicks();
        var items = group.Items;
        var subscription = group.Subscription;
        for (var i = 0; i < items.Count; i++) SampleItem(subscription, items[i], now);
        metrics.Sampled(items.Count);
    }

    /// <summary>TransferSubscriptions with sendInitialValues: the current value of every Reporting item is queued again.</summary>
    public void QueueCurrentValues(Subscription subscription)
    {
        var now = NowTicks();
        foreach (var item in subscription.Items.Values)
        {
            if (item.Mode != MonitoringMode.Reporting) continue;
            item.Force(ReadSafely(item), now);
            subscription.MarkReady(item);
        }
    }

    public long NowTicks() => UaDateTime.FromDateTime(time.GetUtcNow().UtcDateTime).Ticks;

    private MonitoredItemCreateResult CreateOne(Subscription subscription, TimestampsToReturn timestamps, MonitoredItemCreateRequest request, long now)
    {
        var result = new MonitoredItemCreateResult();
        if (subscription.Items.Count >= options.MaxMonitoredItemsPerSubscription)
        {
            result.StatusCode = StatusCodes.BadTooManyMonitoredItems;
            return result;
        }
        if (request.MonitoringMode is < MonitoringMode.Disabled or > MonitoringMode.Reporting)
        {
            result.StatusCode = StatusCodes.BadMonitoringModeInvalid;
            return result;
        }
        var target = request.ItemToMonitor;
        if (!string.IsNullOrEmpty(target.IndexRange))
        {
            // Index ranges are not implemented: refuse rather than report the whole array as if it were the range.
            result.StatusCode = StatusCodes.BadIndexRangeInvalid;
            return result;
        }
        var status = source.CheckMonitorable(target.NodeId, target.AttributeId, out var nodeMinimum);
        if (status != StatusCodes.Good)
        {
            result.StatusCode = status;
            return result;
        }
        var parameters = request.RequestedParameters;
        status = MonitoredItemFilters.Parse(parameters.Filter, target.AttributeId, target.NodeId, source, out var filter);
        if (status == StatusCodes.Good && filter.DeadbandType != DeadbandType.None && !IsNumeric(ReadSafely(target.NodeId, target.AttributeId)))
            status = StatusCodes.BadFilterNotAllowed; // §7.22.2: a deadband applies only to Number data types
        if (status != StatusCodes.Good)
        {
            result.StatusCode = status;
            return result;
        }
        var queueSize = ReviseQueueSize(parameters.QueueSize);
        var item = new MonitoredItem(NextItemId(subscription), target.NodeId, target.AttributeId, queueSize)
        {
            Source = source.Resolve(target.NodeId, target.AttributeId),
            ClientHandle = parameters.ClientHandle,
            Timestamps = timestamps,
            Filter = filter,
            SamplingInterval = ReviseSamplingInterval(parameters.SamplingInterval, nodeMinimum, subscription.PublishingInterval),
            NodeMinimumSamplingInterval = nodeMinimum,
        };
        item.Queue.DiscardOldest = parameters.DiscardOldest;
        subscription.Items.Add(item.Id, item);
        ApplyMode(subscription, item, request.MonitoringMode, now);
        result.MonitoredItemId = item.Id;
        result.RevisedSamplingInterval = item.SamplingInterval;
        result.RevisedQueueSize = queueSize;
        return result;
    }

    private MonitoredItemModifyResult ModifyOne(Subscription subscription, TimestampsToReturn timestamps, MonitoredItemModifyRequest request)
    {
        var result = new MonitoredItemModifyResult();
        if (!subscription.Items.TryGetValue(request.MonitoredItemId, out var item))
        {
            result.StatusCode = StatusCodes.BadMonitoredItemIdInvalid;
            return result;
        }
        var parameters = request.RequestedParameters;
        var status = MonitoredItemFilters.Parse(parameters.Filter, item.AttributeId, item.NodeId, source, out var filter);
        if (status != StatusCodes.Good)
        {
            result.StatusCode = status;
            return result;
        }
        item.ClientHandle = parameters.ClientHandle;
        item.Timestamps = timestamps;
        item.Filter = filter;
        item.Queue.DiscardOldest = parameters.DiscardOldest;
        var queueSize = ReviseQueueSize(parameters.QueueSize);
        if (queueSize != item.Queue.Capacity) item.Queue.Resize(queueSize);
        var interval = ReviseSamplingInterval(parameters.SamplingInterval, item.NodeMinimumSamplingInterval, subscription.PublishingInterval);
        if (interval != item.SamplingInterval)
        {
            var sampled = item.Group is not null;
            Ungroup(subscription, item);
            item.SamplingInterval = interval;
            if (sampled) GroupFor(subscription, interval).Add(item);
        }
        result.RevisedSamplingInterval = item.SamplingInterval;
        result.RevisedQueueSize = queueSize;
        return result;
    }

    private void ApplyMode(Subscription subscription, MonitoredItem item, MonitoringMode mode, long now)
    {
        var previous = item.Mode;
        item.Mode = mode;
        if (mode == MonitoringMode.Disabled)
        {
            // §5.12.1.3: disabling stops sampling and drops queued values; on re-enabling the first sample reports again.
            Ungroup(subscription, item);
            item.Queue.Clear();
            item.LastReported = null;
            item.Triggered = false;
            return;
        }
        if (item.Group is null)
        {
            GroupFor(subscription, item.SamplingInterval).Add(item);
            SampleItem(subscription, item, now); // the first value is reported without waiting a sampling interval
        }
        if (mode == MonitoringMode.Reporting && previous != MonitoringMode.Reporting) subscription.MarkReady(item);
    }

    private static void SampleItem(Subscription subscription, MonitoredItem item, long now, DataValue value)
    {
        if (!item.Offer(value, now)) return;
        if (item.Mode == MonitoringMode.Reporting) subscription.MarkReady(item);
        if (item.Links is { } links) Trigger(subscription, links);
    }

    private void SampleItem(Subscription subscription, MonitoredItem item, long now) => SampleItem(subscription, item, now, ReadSafely(item));

    /// <summary>§5.12.1.6: a notification of the triggering item releases the queued values of its Sampling-mode links.</summary>
    private static void Trigger(Subscription subscription, List<MonitoredItem> links)
    {
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            if (link.Deleted || link.Mode != MonitoringMode.Sampling || link.Queue.Count == 0) continue;
            link.Triggered = true;
            subscription.MarkReady(link);
        }
    }

    /// <summary>SetTriggering (§5.12.5): adds and removes links of one triggering item; results per link.</summary>
    public uint SetTriggering(Subscription subscription, uint triggeringItemId, uint[] linksToAdd, uint[] linksToRemove, out StatusCode[] addResults, out StatusCode[] removeResults)
    {
        addResults = [];
        removeResults = [];
        if (!subscription.Items.TryGetValue(triggeringItemId, out var triggering)) return StatusCodes.BadMonitoredItemIdInvalid;
        removeResults = new StatusCode[linksToRemove.Length];
        for (var i = 0; i < linksToRemove.Length; i++)
        {
            var removed = subscription.Items.TryGetValue(linksToRemove[i], out var link) && triggering.Links is { } links && links.Remove(link);
            removeResults[i] = removed ? StatusCodes.Good : StatusCodes.BadMonitoredItemIdInvalid;
        }
        addResults = new StatusCode[linksToAdd.Length];
        for (var i = 0; i < linksToAdd.Length; i++)
        {
            if (!subscription.Items.TryGetValue(linksToAdd[i], out var link))
            {
                addResults[i] = StatusCodes.BadMonitoredItemIdInvalid;
                continue;
            }
            triggering.Links ??= [];
            if (!triggering.Links.Contains(link)) triggering.Links.Add(link);
        }
        return StatusCodes.Good;
    }

    private static DataValue ReadSafely(MonitoredItem item)
    {
        try
        {
            return item.Source.Read();
        }
        catch (Exception)
        {
            // A failing node must not stop the loop for the other items of its group; the client sees the failure.
            return new DataValue { Status = StatusCodes.BadInternalError };
        }
    }

    private DataValue ReadSafely(NodeId nodeId, uint attributeId)
    {
        try
        {
            return source.Read(nodeId, attributeId);
        }
        catch (Exception)
        {
            // A failing node must not stop the loop for the other items of its group; the client sees the failure.
            return new DataValue { Status = StatusCodes.BadInternalError };
        }
    }

    /// <summary>
    /// The seam gives no DataType, so the current value decides: a number or an array of numbers qualifies; a null or
    /// bad value cannot tell and is allowed (the deadband then only applies once numbers arrive).
    /// </summary>
    private static bool IsNumeric(DataValue value)
    {
        var v = value.Value;
        if (v.IsNull || value.Status.IsBad) return true;
        if (!v.IsArray) return DataChangeFilterSpec.TryToDouble(v.Value, out _);
        return v.Type is BuiltInType.SByte or BuiltInType.Byte or BuiltInType.Int16 or BuiltInType.UInt16 or BuiltInType.Int32
            or BuiltInType.UInt32 or BuiltInType.Int64 or BuiltInType.UInt64 or BuiltInType.Float or BuiltInType.Double;
    }

    private SamplingGroup GroupFor(Subscription subscription, double interval)
    {
        if (subscription.Groups.TryGetValue(interval, out var group)) return group;
        group = new SamplingGroup(subscription, interval, time, OnSamplingTick!);
        subscription.Groups.Add(interval, group);
        return group;
    }

    private static void Ungroup(Subscription subscription, MonitoredItem item)
    {
        var group = item.Group;
        if (group is null) return;
        group.Remove(item);
        if (group.Count > 0) return;
        subscription.Groups.Remove(group.Interval);
        group.Dispose();
    }

    /// <summary>Set by the engine: a group's timer fired (the engine takes its lock and calls <see cref="Sample"/>).</summary>
    public Action<SamplingGroup>? OnSamplingTick { get; set; }

    private uint NextItemId(Subscription subscription)
    {
        do
        {
            _lastItemId = _lastItemId == uint.MaxValue ? 1 : _lastItemId + 1;
        }
        while (subscription.Items.ContainsKey(_lastItemId));
        return _lastItemId;
    }

    private uint ReviseQueueSize(uint requested) => Math.Clamp(requested, 1u, options.MaxQueueSize);

    /// <summary>
    /// §7.21: negative means "the publishing interval", 0 the fastest rate; never below the server's or the node's
    /// minimum, never above the server's maximum.
    /// </summary>
    private double ReviseSamplingInterval(double requested, double nodeMinimum, double publishingInterval)
    {
        if (double.IsNaN(requested) || requested < 0) requested = publishingInterval;
        var revised = Math.Max(requested, options.MinSamplingInterval);
        revised = Math.Min(revised, options.MaxSamplingInterval);
        if (nodeMinimum > revised) revised = nodeMinimum;
        // Whole milliseconds, rounded up (revised >= requested, §7.21): 100.2 and 100.7 share one sampling group.
        return Math.Ceiling(revised);
    }
}
