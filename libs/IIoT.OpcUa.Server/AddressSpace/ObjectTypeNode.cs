using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>An ObjectType node (OPC 10000-3 §5.5.2).</summary>
public sealed class ObjectTypeNode : Node
{
    internal ObjectTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, bool isAbstract)
        : base(nodeId, browseName, displayName)
    {
        IsAbstract = isAbstract;
    }

    public override NodeClass NodeClass => NodeClass.ObjectType;

    public bool IsAbstract { get; }

    internal override bool TryReadAttribute(uint attributeId, out Variant value)
    {
        if (attributeId == AttributeIds.IsAbstract)
        {
            value = Variant.From(IsAbstract);
            return true;
        }

        return base.TryReadAttribute(attributeId, out value);
    }
}
