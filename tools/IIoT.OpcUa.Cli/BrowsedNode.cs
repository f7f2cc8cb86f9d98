using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Cli;

/// <summary>One node found below the browse root; <see cref="Path"/> holds the browse names from below the root down to it.</summary>
internal sealed record BrowsedNode(NodeId Id, QualifiedName BrowseName, NodeClass NodeClass, NodeId ReferenceTypeId, IReadOnlyList<string> Path)
{
    public List<BrowsedNode> Children { get; } = [];

    /// <summary>The DataType attribute of a variable (read after browsing); null for other node classes.</summary>
    public NodeId? DataType { get; set; }

    /// <summary>Reached through HasProperty (EURange, EngineeringUnits): metadata of its parent, not a signal.</summary>
    public bool IsProperty => ReferenceTypeId == new NodeId(ReferenceTypeIds.HasProperty);
}
