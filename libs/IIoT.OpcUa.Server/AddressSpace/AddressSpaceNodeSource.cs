using IIoT.OpcUa.Server.Subscriptions;
using IIoT.OpcUa.Types;
using Range = IIoT.OpcUa.Types.Structures.Range;

namespace IIoT.OpcUa.Server;

/// <summary>The address space as the subscription engine sees it: what may be monitored, and the values to sample.</summary>
internal sealed class AddressSpaceNodeSource(AddressSpace addressSpace) : IMonitoredNodeSource
{
    public uint CheckMonitorable(NodeId nodeId, uint attributeId, out double minimumSamplingInterval) =>
        addressSpace.CheckReadable(nodeId, attributeId, out minimumSamplingInterval);

    public DataValue Read(NodeId nodeId, uint attributeId) => addressSpace.ReadAttribute(nodeId, attributeId);

    public Range? GetEuRange(NodeId nodeId) => addressSpace.GetEuRange(nodeId);
}
