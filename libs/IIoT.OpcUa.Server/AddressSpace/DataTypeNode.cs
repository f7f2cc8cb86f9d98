using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>A DataType node (OPC 10000-3 §5.8.3). DataTypeDefinition is not provided (BadAttributeIdInvalid).</summary>
public sealed class DataTypeNode : TypeNode
{
    internal DataTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, bool isAbstract)
        : base(nodeId, browseName, displayName, isAbstract)
    {
    }

    public override NodeClass NodeClass => NodeClass.DataType;
}
