using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using D = IIoT.OpcUa.Types.DataTypeIds;
using O = IIoT.OpcUa.Types.ObjectIds;
using OT = IIoT.OpcUa.Types.ObjectTypeIds;
using R = IIoT.OpcUa.Types.ReferenceTypeIds;
using VT = IIoT.OpcUa.Types.VariableTypeIds;

namespace IIoT.OpcUa.Server;

/// <summary>
/// The namespace-0 skeleton every OPC UA server has (OPC 10000-5): the folders under Root and the type hierarchies
/// (reference types, object and variable types, data types) a client browses to understand the server. Ids come
/// from the generated constants and browse names from their names, so nothing is typed by hand.
/// </summary>
internal static class StandardNodes
{
    public static void Build(AddressSpace space)
    {
        BuildReferenceTypes(space);
        BuildDataTypes(space);
        BuildObjectTypes(space);
        BuildVariableTypes(space);
        BuildFolders(space);
    }

    private static void BuildReferenceTypes(AddressSpace space)
    {
        space.AddNode(new ReferenceTypeNode(new NodeId(R.References), Name(nameof(R.References)), Text(nameof(R.References)), true, true, null));
        Reference(space, R.HierarchicalReferences, nameof(R.HierarchicalReferences), R.References, true, "InverseHierarchicalReferences");
        Reference(space, R.NonHierarchicalReferences, nameof(R.NonHierarchicalReferences), R.References, true, null);
        Reference(space, R.HasChild, nameof(R.HasChild), R.HierarchicalReferences, true, "ChildOf");
        Reference(space, R.Organizes, nameof(R.Organizes), R.HierarchicalReferences, false, "OrganizedBy");
        Reference(space, R.HasEventSource, nameof(R.HasEventSource), R.HierarchicalReferences, false, "EventSourceOf");
        Reference(space, R.HasNotifier, nameof(R.HasNotifier), R.HasEventSource, false, "NotifierOf");
        Reference(space, R.Aggregates, nameof(R.Aggregates), R.HasChild, true, "AggregatedBy");
        Reference(space, R.HasSubtype, nameof(R.HasSubtype), R.HasChild, false, "SubtypeOf");
        Reference(space, R.HasComponent, nameof(R.HasComponent), R.Aggregates, false, "ComponentOf");
        Reference(space, R.HasProperty, nameof(R.HasProperty), R.Aggregates, false, "PropertyOf");
        Reference(space, R.HasOrderedComponent, nameof(R.HasOrderedComponent), R.HasComponent, false, "OrderedComponentOf");
        Reference(space, R.HasModellingRule, nameof(R.HasModellingRule), R.NonHierarchicalReferences, false, "ModellingRuleOf");
        Reference(space, R.HasTypeDefinition, nameof(R.HasTypeDefinition), R.NonHierarchicalReferences, false, "TypeDefinitionOf");
        Reference(space, R.HasEncoding, nameof(R.HasEncoding), R.NonHierarchicalReferences, false, "EncodingOf");
        Reference(space, R.HasDescription, nameof(R.HasDescription), R.NonHierarchicalReferences, false, "DescriptionOf");
        Reference(space, R.GeneratesEvent, nameof(R.GeneratesEvent), R.NonHierarchicalReferences, false, "GeneratedBy");
        Reference(space, R.AlwaysGeneratesEvent, nameof(R.AlwaysGeneratesEvent), R.GeneratesEvent, false, "AlwaysGeneratedBy");
    }

    private static void BuildDataTypes(AddressSpace space)
    {
        space.AddNode(new DataTypeNode(new NodeId(D.BaseDataType), Name(nameof(D.BaseDataType)), Text(nameof(D.BaseDataType)), true));
        (uint Id, string Name, uint Super, bool IsAbstract)[] types =
        [
            (D.Boolean, nameof(D.Boolean), D.BaseDataType, false),
            (D.String, nameof(D.String), D.BaseDataType, false),
            (D.DateTime, nameof(D.DateTime), D.BaseDataType, false),
            (D.Guid, nameof(D.Guid), D.BaseDataType, false),
            (D.ByteString, nameof(D.ByteString), D.BaseDataType, false),
            (D.XmlElement, nameof(D.XmlElement), D.BaseDataType, false),
            (D.NodeId, nameof(D.NodeId), D.BaseDataType, false),
            (D.ExpandedNodeId, nameof(D.ExpandedNodeId), D.BaseDataType, false),
            (D.StatusCode, nameof(D.StatusCode), D.BaseDataType, false),
            (D.QualifiedName, nameof(D.QualifiedName), D.BaseDataType, false),
            (D.LocalizedText, nameof(D.LocalizedText), D.BaseDataType, false),
            (D.Structure, nameof(D.Structure), D.BaseDataType, true),
            (D.DataValue, nameof(D.DataValue), D.BaseDataType, false),
            (D.DiagnosticInfo, nameof(D.DiagnosticInfo), D.BaseDataType, false),
            (D.Number, nameof(D.Number), D.BaseDataType, true),
            (D.Enumeration, nameof(D.Enumeration), D.BaseDataType, true),
            (D.Integer, nameof(D.Integer), D.Number, true),
            (D.UInteger, nameof(D.UInteger), D.Number, true),
            (D.Float, nameof(D.Float), D.Number, false),
            (D.Double, nameof(D.Double), D.Number, false),
            (D.Decimal, nameof(D.Decimal), D.Number, false),
            (D.SByte, nameof(D.SByte), D.Integer, false),
            (D.Int16, nameof(D.Int16), D.Integer, false),
            (D.Int32, nameof(D.Int32), D.Integer, false),
            (D.Int64, nameof(D.Int64), D.Integer, false),
            (D.Byte, nameof(D.Byte), D.UInteger, false),
            (D.UInt16, nameof(D.UInt16), D.UInteger, false),
            (D.UInt32, nameof(D.UInt32), D.UInteger, false),
            (D.UInt64, nameof(D.UInt64), D.UInteger, false),
            (D.Duration, nameof(D.Duration), D.Double, false),
            (D.UtcTime, nameof(D.UtcTime), D.DateTime, false),
            (D.LocaleId, nameof(D.LocaleId), D.String, false),
            (D.Image, nameof(D.Image), D.ByteString, true),
            (D.NodeClass, nameof(D.NodeClass), D.Enumeration, false),
            (D.ServerState, nameof(D.ServerState), D.Enumeration, false),
            (D.BuildInfo, nameof(D.BuildInfo), D.Structure, false),
            (D.ServerStatusDataType, nameof(D.ServerStatusDataType), D.Structure, false),
            (D.Range, nameof(D.Range), D.Structure, false),
            (D.EUInformation, nameof(D.EUInformation), D.Structure, false),
        ];
        foreach (var (id, name, super, isAbstract) in types)
        {
            space.AddNode(new DataTypeNode(new NodeId(id), Name(name), Text(name), isAbstract));
            space.AddReference(new NodeId(super), new NodeId(R.HasSubtype), new NodeId(id));
        }
    }

    private static void BuildObjectTypes(AddressSpace space)
    {
        space.AddNode(new ObjectTypeNode(new NodeId(OT.BaseObjectType), Name(nameof(OT.BaseObjectType)), Text(nameof(OT.BaseObjectType)), false));
        ObjectType(space, OT.FolderType, nameof(OT.FolderType), OT.BaseObjectType);
        ObjectType(space, OT.ServerType, nameof(OT.ServerType), OT.BaseObjectType);
        ObjectType(space, OT.ServerCapabilitiesType, nameof(OT.ServerCapabilitiesType), OT.BaseObjectType);
        ObjectType(space, OT.OperationLimitsType, nameof(OT.OperationLimitsType), OT.FolderType);
        ObjectType(space, OT.ModellingRuleType, nameof(OT.ModellingRuleType), OT.BaseObjectType);
        ObjectType(space, OT.DataTypeEncodingType, nameof(OT.DataTypeEncodingType), OT.BaseObjectType);
        ObjectType(space, OT.BaseEventType, nameof(OT.BaseEventType), OT.BaseObjectType, isAbstract: true);

        // Encodings of the structures this server sends inside ExtensionObjects (OPC 10000-3 §5.8.4).
        (uint DataType, uint Encoding)[] encodings =
        [
            (D.BuildInfo, O.BuildInfo_Encoding_DefaultBinary),
            (D.ServerStatusDataType, O.ServerStatusDataType_Encoding_DefaultBinary),
            (D.Range, O.Range_Encoding_DefaultBinary),
            (D.EUInformation, O.EUInformation_Encoding_DefaultBinary),
        ];
        foreach (var (dataType, encoding) in encodings)
        {
            var node = new ObjectNode(new NodeId(encoding), new QualifiedName(0, "Default Binary"), new LocalizedText(null, "Default Binary"));
            space.AddChild(new NodeId(dataType), node, new NodeId(R.HasEncoding), new NodeId(OT.DataTypeEncodingType));
        }
    }

    private static void BuildVariableTypes(AddressSpace space)
    {
        space.AddNode(new VariableTypeNode(new NodeId(VT.BaseVariableType), Name(nameof(VT.BaseVariableType)), Text(nameof(VT.BaseVariableType)),
            true, new NodeId(D.BaseDataType), -2));
        VariableType(space, VT.BaseDataVariableType, nameof(VT.BaseDataVariableType), VT.BaseVariableType, D.BaseDataType, -2);
        VariableType(space, VT.PropertyType, nameof(VT.PropertyType), VT.BaseVariableType, D.BaseDataType, -2);
        VariableType(space, VT.DataItemType, nameof(VT.DataItemType), VT.BaseDataVariableType, D.BaseDataType, -2);
        VariableType(space, VT.BaseAnalogType, nameof(VT.BaseAnalogType), VT.DataItemType, D.Number, -2);
        VariableType(space, VT.AnalogItemType, nameof(VT.AnalogItemType), VT.BaseAnalogType, D.Number, -2);
        VariableType(space, VT.ServerStatusType, nameof(VT.ServerStatusType), VT.BaseDataVariableType, D.ServerStatusDataType, -1);
        VariableType(space, VT.BuildInfoType, nameof(VT.BuildInfoType), VT.BaseDataVariableType, D.BuildInfo, -1);
    }

    private static void BuildFolders(AddressSpace space)
    {
        var folderType = new NodeId(OT.FolderType);
        var organizes = new NodeId(R.Organizes);
        var root = new ObjectNode(new NodeId(O.RootFolder), Name("Root"), Text("Root"));
        space.AddNode(root);
        space.AddReference(root.NodeId, new NodeId(R.HasTypeDefinition), folderType);
        Folder(space, O.RootFolder, O.ObjectsFolder, "Objects");
        Folder(space, O.RootFolder, O.TypesFolder, "Types");
        Folder(space, O.RootFolder, O.ViewsFolder, "Views");
        Folder(space, O.TypesFolder, O.ObjectTypesFolder, "ObjectTypes");
        Folder(space, O.TypesFolder, O.VariableTypesFolder, "VariableTypes");
        Folder(space, O.TypesFolder, O.DataTypesFolder, "DataTypes");
        Folder(space, O.TypesFolder, O.ReferenceTypesFolder, "ReferenceTypes");
        space.AddReference(new NodeId(O.ObjectTypesFolder), organizes, new NodeId(OT.BaseObjectType));
        space.AddReference(new NodeId(O.VariableTypesFolder), organizes, new NodeId(VT.BaseVariableType));
        space.AddReference(new NodeId(O.DataTypesFolder), organizes, new NodeId(D.BaseDataType));
        space.AddReference(new NodeId(O.ReferenceTypesFolder), organizes, new NodeId(R.References));
    }

    private static void Folder(AddressSpace space, uint parent, uint id, string name) =>
        space.AddChild(new NodeId(parent), new ObjectNode(new NodeId(id), Name(name), Text(name)), new NodeId(R.Organizes), new NodeId(OT.FolderType));

    private static void Reference(AddressSpace space, uint id, string name, uint super, bool isAbstract, string? inverseName)
    {
        space.AddNode(new ReferenceTypeNode(new NodeId(id), Name(name), Text(name), isAbstract, inverseName is null, inverseName is null ? null : Text(inverseName)));
        space.AddReference(new NodeId(super), new NodeId(R.HasSubtype), new NodeId(id));
    }

    private static void ObjectType(AddressSpace space, uint id, string name, uint super, bool isAbstract = false)
    {
        space.AddNode(new ObjectTypeNode(new NodeId(id), Name(name), Text(name), isAbstract));
        space.AddReference(new NodeId(super), new NodeId(R.HasSubtype), new NodeId(id));
    }

    private static void VariableType(AddressSpace space, uint id, string name, uint super, uint dataType, int valueRank)
    {
        space.AddNode(new VariableTypeNode(new NodeId(id), Name(name), Text(name), false, new NodeId(dataType), valueRank));
        space.AddReference(new NodeId(super), new NodeId(R.HasSubtype), new NodeId(id));
    }

    private static QualifiedName Name(string name) => new(0, name);

    private static LocalizedText Text(string name) => new(null, name);
}
