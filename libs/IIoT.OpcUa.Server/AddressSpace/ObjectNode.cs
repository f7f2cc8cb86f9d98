using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>An Object node (OPC 10000-3 §5.5.1): folders, machines, the Server object.</summary>
public sealed class ObjectNode : Node
{
    internal ObjectNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName)
        : base(nodeId, browseName, displayName)
    {
    }

    public override NodeClass NodeClass => NodeClass.Object;

    /// <summary>EventNotifier bits; 0 (this server raises no events).</summary>
    public byte EventNotifier { get; init; }

    internal override bool TryReadAttribute(uint attributeId, out Variant value)
    {
        if (attributeId == AttributeIds.EventNotifier)
        {
            value = Variant.Scalar(BuiltInType.Byte, EventNotifier);
            return true;
        }

        return base.TryReadAttribute(attributeId, out value);
    }
}
