using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>A VariableType node (OPC 10000-3 §5.6.5). Its optional Value attribute is not provided.</summary>
public sealed class VariableTypeNode : TypeNode
{
    internal VariableTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, bool isAbstract, NodeId dataType, int valueRank)
        : base(nodeId, browseName, displayName, isAbstract)
    {
        DataType = dataType;
        ValueRank = valueRank;
    }

    public override NodeClass NodeClass => NodeClass.VariableType;

    public NodeId DataType { get; }

    public int ValueRank { get; }

    internal override bool TryReadAttribute(uint attributeId, out Variant value)
    {
        switch (attributeId)
        {
            case AttributeIds.DataType: value = Variant.From(DataType); return true;
            case AttributeIds.ValueRank: value = Variant.From(ValueRank); return true;
            case AttributeIds.ArrayDimensions: value = Variant.Array(BuiltInType.UInt32, Array.Empty<uint>()); return true;
            default: return base.TryReadAttribute(attributeId, out value);
        }
    }
}
