using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>What to monitor and how (OPC 10000-4 §5.12.2, §7.22.2 DataChangeFilter).</summary>
public sealed class MonitoredItemOptions
{
    public required NodeId NodeId { get; init; }

    public uint AttributeId { get; init; } = AttributeIds.Value;

    /// <summary>-1 = the publishing interval; 0 = as fast as the server can (on change for event-driven servers).</summary>
    public double SamplingInterval { get; init; } = -1;

    public uint QueueSize { get; init; } = 1;

    public bool DiscardOldest { get; init; } = true;

    /// <summary>Null = the server's default (status or value changes, no deadband).</summary>
    public DataChangeTrigger? Trigger { get; init; }

    public DeadbandType DeadbandType { get; init; } = DeadbandType.None;

    /// <summary>Absolute units, or percent of the EURange for <see cref="DeadbandType.Percent"/>.</summary>
    public double DeadbandValue { get; init; }
}
