using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>A ReferenceType node (OPC 10000-3 §5.3).</summary>
public sealed class ReferenceTypeNode : TypeNode
{
    internal ReferenceTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, bool isAbstract, bool symmetric, LocalizedText? inverseName)
        : base(nodeId, browseName, displayName, isAbstract)
    {
        Symmetric = symmetric;
        InverseName = inverseName;
    }

    public override NodeClass NodeClass => NodeClass.ReferenceType;

    public bool Symmetric { get; }

    /// <summary>Null for symmetric types, which have no inverse name (the attribute is then BadAttributeIdInvalid).</summary>
    public LocalizedText? InverseName { get; }

    internal override bool TryReadAttribute(uint attributeId, out Variant value)
    {
        switch (attributeId)
        {
            case AttributeIds.Symmetric: value = Variant.From(Symmetric); return true;
            case AttributeIds.InverseName when InverseName is not null:
                value = Variant.Scalar(BuiltInType.LocalizedText, InverseName);
                return true;
            default: return base.TryReadAttribute(attributeId, out value);
        }
    }
}
