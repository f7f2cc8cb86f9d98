using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>The type node classes (ObjectType, VariableType, ReferenceType, DataType): each has IsAbstract (OPC 10000-3 §5).</summary>
public abstract class TypeNode : Node
{
    private protected TypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, bool isAbstract)
        : base(nodeId, browseName, displayName)
    {
        IsAbstract = isAbstract;
    }

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
