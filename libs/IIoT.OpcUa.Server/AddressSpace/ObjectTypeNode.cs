using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>An ObjectType node (OPC 10000-3 §5.5.2).</summary>
public sealed class ObjectTypeNode : TypeNode
{
    internal ObjectTypeNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, bool isAbstract)
        : base(nodeId, browseName, displayName, isAbstract)
    {
    }

    public override NodeClass NodeClass => NodeClass.ObjectType;
}
