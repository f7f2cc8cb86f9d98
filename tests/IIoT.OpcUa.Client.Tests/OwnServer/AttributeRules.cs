using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>Which attributes each node class has (OPC 10000-3 §5.2-§5.8 tables), to check a full attribute read.</summary>
internal static class AttributeRules
{
    public enum Presence
    {
        Required,
        Optional,
        NotApplicable,
    }

    public static Presence Applies(NodeClass nodeClass, uint attribute) => attribute switch
    {
        AttributeIds.NodeId or AttributeIds.NodeClass or AttributeIds.BrowseName or AttributeIds.DisplayName => Presence.Required,
        AttributeIds.Description or AttributeIds.WriteMask or AttributeIds.UserWriteMask
            or AttributeIds.RolePermissions or AttributeIds.UserRolePermissions or AttributeIds.AccessRestrictions => Presence.Optional,
        AttributeIds.IsAbstract => nodeClass is NodeClass.ObjectType or NodeClass.VariableType or NodeClass.ReferenceType or NodeClass.DataType
            ? Presence.Required
            : Presence.NotApplicable,
        AttributeIds.Symmetric => nodeClass == NodeClass.ReferenceType ? Presence.Required : Presence.NotApplicable,
        AttributeIds.InverseName => nodeClass == NodeClass.ReferenceType ? Presence.Optional : Presence.NotApplicable,
        AttributeIds.ContainsNoLoops => nodeClass == NodeClass.View ? Presence.Required : Presence.NotApplicable,
        AttributeIds.EventNotifier => nodeClass is NodeClass.Object or NodeClass.View ? Presence.Required : Presence.NotApplicable,
        AttributeIds.Value => nodeClass switch
        {
            NodeClass.Variable => Presence.Required,
            NodeClass.VariableType => Presence.Optional,
            _ => Presence.NotApplicable,
        },
        AttributeIds.DataType or AttributeIds.ValueRank => nodeClass is NodeClass.Variable or NodeClass.VariableType ? Presence.Required : Presence.NotApplicable,
        AttributeIds.ArrayDimensions => nodeClass is NodeClass.Variable or NodeClass.VariableType ? Presence.Optional : Presence.NotApplicable,
        AttributeIds.AccessLevel or AttributeIds.UserAccessLevel or AttributeIds.Historizing =>
            nodeClass == NodeClass.Variable ? Presence.Required : Presence.NotApplicable,
        AttributeIds.MinimumSamplingInterval or AttributeIds.AccessLevelEx => nodeClass == NodeClass.Variable ? Presence.Optional : Presence.NotApplicable,
        AttributeIds.Executable or AttributeIds.UserExecutable => nodeClass == NodeClass.Method ? Presence.Required : Presence.NotApplicable,
        AttributeIds.DataTypeDefinition => nodeClass == NodeClass.DataType ? Presence.Optional : Presence.NotApplicable,
        _ => Presence.NotApplicable,
    };
}
