using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>A DataType node (OPC 10000-3 §5.8.3). DataTypeDefinition is not provided (BadAttributeIdInvalid).</summary>
public sealed class DataTypeNode : Node
{
    internal DataTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, bool isAbstract)
        : base(nodeId, browseName, displayName)
    {
        IsAbstract = isAbstract;
    }

    public override NodeClass NodeClass => NodeClass.DataType;

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
