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

    public IMonitoredValue Resolve(NodeId nodeId, uint attributeId) =>
        attributeId == AttributeIds.Value && addressSpace.Find(nodeId) is VariableNode variable
            ? new VariableValue(addressSpace, variable)
            : new AttributeValue(addressSpace, nodeId, attributeId);

    public Range? GetEuRange(NodeId nodeId) => addressSpace.GetEuRange(nodeId);

    /// <summary>The Value of a variable, read straight from the node (the hot path of sampling).</summary>
    private sealed class VariableValue(AddressSpace addressSpace, VariableNode variable) : IMonitoredValue
    {
        public DataValue Read() => addressSpace.ReadValue(variable);
    }

    private sealed class AttributeValue(AddressSpace addressSpace, NodeId nodeId, uint attributeId) : IMonitoredValue
    {
        public DataValue Read() => addressSpace.ReadAttribute(nodeId, attributeId);
    }
}
