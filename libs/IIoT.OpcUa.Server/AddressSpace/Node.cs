using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>
/// A node of the address space (OPC 10000-3 §5.2): the attributes every node class has, and its references.
/// References are kept in both directions; the list is guarded by its own lock and browsed from a snapshot.
/// </summary>
public abstract class Node
{
    private readonly List<NodeReference> _references = [];

    private protected Node(NodeId nodeId, QualifiedName browseName, LocalizedText displayName)
    {
        NodeId = nodeId;
        BrowseName = browseName;
        DisplayName = displayName;
    }

    public NodeId NodeId { get; }

    public abstract NodeClass NodeClass { get; }

    public QualifiedName BrowseName { get; }

    public LocalizedText DisplayName { get; }

    public LocalizedText Description { get; init; } = LocalizedText.Null;

    public uint WriteMask { get; init; }

    /// <summary>The HasTypeDefinition target of an Object or Variable; the HasSubtype parent of a type.</summary>
    internal NodeId? TypeDefinitionId { get; set; }

    internal NodeId? SuperTypeId { get; set; }

    internal void AddReference(NodeReference reference)
    {
        lock (_references)
        {
            _references.Add(reference);
        }
    }

    /// <summary>A copy of the references, safe to enumerate while others are added.</summary>
    public NodeReference[] GetReferences()
    {
        lock (_references)
        {
            return [.. _references];
        }
    }

    /// <summary>
    /// Reads an attribute other than Value (Value is handled by <see cref="VariableNode"/>). False when the attribute
    /// does not apply to this node class (BadAttributeIdInvalid).
    /// </summary>
    internal virtual bool TryReadAttribute(uint attributeId, out Variant value)
    {
        switch (attributeId)
        {
            case AttributeIds.NodeId: value = Variant.From(NodeId); return true;
            case AttributeIds.NodeClass: value = Variant.From((int)NodeClass); return true;
            case AttributeIds.BrowseName: value = Variant.Scalar(BuiltInType.QualifiedName, BrowseName); return true;
            case AttributeIds.DisplayName: value = Variant.Scalar(BuiltInType.LocalizedText, DisplayName); return true;
            case AttributeIds.Description: value = Variant.Scalar(BuiltInType.LocalizedText, Description); return true;
            case AttributeIds.WriteMask: value = Variant.From(WriteMask); return true;
            case AttributeIds.UserWriteMask: value = Variant.From(WriteMask); return true;
            default: value = Variant.Null; return false;
        }
    }

    public override string ToString() => $"{NodeClass} {NodeId} {BrowseName}";
}
