using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>One reference as seen from its source node: forward (<see cref="IsInverse"/> false) or the inverse end.</summary>
public readonly record struct NodeReference(NodeId ReferenceTypeId, bool IsInverse, NodeId TargetId);
