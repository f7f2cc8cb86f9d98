using System.Collections.Concurrent;
using IIoT.OpcUa.Types;
using Range = IIoT.OpcUa.Types.Structures.Range;

namespace IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;

/// <summary>An in-memory address space for the engine: variables with a current value, a minimum sampling interval and an optional EURange.</summary>
internal sealed class FakeNodeSource : IMonitoredNodeSource
{
    private readonly ConcurrentDictionary<NodeId, Node> _nodes = new();

    public int Reads;

    public NodeId Add(NodeId nodeId, double value, double minimumSamplingInterval = 0, Range? euRange = null)
    {
        _nodes[nodeId] = new Node { Value = new DataValue { Value = Variant.From(value) }, MinimumSamplingInterval = minimumSamplingInterval, EuRange = euRange };
        return nodeId;
    }

    public void Set(NodeId nodeId, double value, StatusCode status = default, UaDateTime sourceTimestamp = default) =>
        _nodes[nodeId].Value = new DataValue { Value = Variant.From(value), Status = status, SourceTimestamp = sourceTimestamp };

    public void Set(NodeId nodeId, DataValue value) => _nodes[nodeId].Value = value;

    public uint CheckMonitorable(NodeId nodeId, uint attributeId, out double minimumSamplingInterval)
    {
        minimumSamplingInterval = 0;
        if (!_nodes.TryGetValue(nodeId, out var node)) return StatusCodes.BadNodeIdUnknown;
        if (attributeId is < 1 or > 27) return StatusCodes.BadAttributeIdInvalid;
        minimumSamplingInterval = node.MinimumSamplingInterval;
        return StatusCodes.Good;
    }

    public DataValue Read(NodeId nodeId, uint attributeId)
    {
        Interlocked.Increment(ref Reads);
        return _nodes.TryGetValue(nodeId, out var node) ? node.Value : new DataValue { Status = StatusCodes.BadNodeIdUnknown };
    }

    public Range? GetEuRange(NodeId nodeId) => _nodes.TryGetValue(nodeId, out var node) ? node.EuRange : null;

    private sealed class Node
    {
        public DataValue Value { get; set; } = new();

        public double MinimumSamplingInterval { get; init; }

        public Range? EuRange { get; init; }
    }
}
