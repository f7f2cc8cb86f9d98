using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// A data-change monitored item (OPC 10000-4 §5.12.1): its revised parameters, filter, queue and the last reported
/// value the filter compares with. Not thread-safe: the engine's lock guards it.
/// </summary>
internal sealed class MonitoredItem(uint id, NodeId nodeId, uint attributeId, uint queueSize)
{
    public uint Id { get; } = id;

    public NodeId NodeId { get; } = nodeId;

    public uint AttributeId { get; } = attributeId;

    /// <summary>Where samples come from, resolved at creation.</summary>
    public required IMonitoredValue Source { get; init; }

    public uint ClientHandle { get; set; }

    public MonitoringMode Mode { get; set; }

    public double SamplingInterval { get; set; }

    /// <summary>The node's MinimumSamplingInterval, kept for ModifyMonitoredItems.</summary>
    public double NodeMinimumSamplingInterval { get; init; }

    public TimestampsToReturn Timestamps { get; set; }

    public DataChangeFilterSpec Filter { get; set; } = DataChangeFilterSpec.Default;

    public MonitoredItemQueue Queue { get; } = new(queueSize);

    /// <summary>The last value put in the queue; null before the first sample (which is then always reported).</summary>
    public DataValue? LastReported { get; set; }

    /// <summary>Where the item sits in its sampling group's list (-1 when not sampled), for O(1) removal.</summary>
    public int GroupIndex { get; set; } = -1;

    public SamplingGroup? Group { get; set; }

    /// <summary>True while the item is listed in its subscription's ready queue (dedupes the queue).</summary>
    public bool InReadyQueue { get; set; }

    public bool Deleted { get; set; }

    /// <summary>Items this one triggers (SetTriggering, §5.12.1.6); null when it triggers none.</summary>
    public List<MonitoredItem>? Links { get; set; }

    /// <summary>A Sampling-mode item whose queue a triggering item released: it reports until its queue is empty.</summary>
    public bool Triggered { get; set; }

    public bool IsReportable =>
        !Deleted && Queue.Count > 0 && (Mode == MonitoringMode.Reporting || (Triggered && Mode == MonitoringMode.Sampling));

    /// <summary>Applies the filter to a freshly read value; true when it went into the queue.</summary>
    public bool Offer(DataValue value, long serverTicks)
    {
        if (!Filter.ShouldReport(LastReported, value)) return false;
        LastReported = value;
        Queue.Enqueue(new QueuedValue(value, serverTicks));
        return true;
    }

    /// <summary>Queues the value whatever the filter says (TransferSubscriptions with sendInitialValues).</summary>
    public void Force(DataValue value, long serverTicks)
    {
        LastReported = value;
        Queue.Enqueue(new QueuedValue(value, serverTicks));
    }

    // OPC 10000-4 §7.39.1: InfoType = DataValue (bit 10) and the Overflow bit (bit 7).
    internal const uint OverflowInfoBits = 0x0400 | 0x0080;
}
