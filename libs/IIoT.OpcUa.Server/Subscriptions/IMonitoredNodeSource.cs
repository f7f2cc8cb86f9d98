using IIoT.OpcUa.Types;
using Range = IIoT.OpcUa.Types.Structures.Range;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// What the subscription engine needs from the address space: the seam between sampling (Subscriptions/) and the
/// nodes (AddressSpace/). Implementations are called from the sampling loop and must be thread-safe and cheap.
/// </summary>
public interface IMonitoredNodeSource
{
    /// <summary>
    /// Checks that <paramref name="attributeId"/> of <paramref name="nodeId"/> can be monitored. Returns Good, or the
    /// status for the item's result: BadNodeIdUnknown, BadAttributeIdInvalid, BadNotReadable, ...
    /// <paramref name="minimumSamplingInterval"/> is the node's MinimumSamplingInterval in ms (0 when it has none).
    /// </summary>
    uint CheckMonitorable(NodeId nodeId, uint attributeId, out double minimumSamplingInterval);

    /// <summary>Reads the attribute now, with its source timestamp (the server timestamp is set by the caller).</summary>
    DataValue Read(NodeId nodeId, uint attributeId);

    /// <summary>
    /// The attribute as a handle for sampling; by default one that calls <see cref="Read"/>. Sources with many nodes
    /// return the node itself so that sampling 100k items does 100k reads, not 100k dictionary lookups.
    /// </summary>
    IMonitoredValue Resolve(NodeId nodeId, uint attributeId) => new LookupValue(this, nodeId, attributeId);

    /// <summary>The EURange property of an analog variable, for PercentDeadband; null when the node has none.</summary>
    Range? GetEuRange(NodeId nodeId);

    private sealed class LookupValue(IMonitoredNodeSource source, NodeId nodeId, uint attributeId) : IMonitoredValue
    {
        public DataValue Read() => source.Read(nodeId, attributeId);
    }
}
