using System.Collections.Concurrent;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Range = IIoT.OpcUa.Types.Structures.Range;

namespace IIoT.OpcUa.Server;

/// <summary>
/// The nodes a server exposes (OPC 10000-3): the standard namespace-0 skeleton (types, Objects, the Server object),
/// built on construction, plus whatever the application adds. Thread-safe: nodes may be added while clients browse,
/// and values are read and set from any thread without locks.
/// </summary>
public sealed class AddressSpace
{
    public const string OpcUaNamespaceUri = "http://opcfoundation.org/UA/";

    private static readonly DataValue UnknownNode = new() { Status = StatusCodes.BadNodeIdUnknown };
    private static readonly DataValue InvalidAttribute = new() { Status = StatusCodes.BadAttributeIdInvalid };
    private static readonly DataValue NotReadable = new() { Status = StatusCodes.BadNotReadable };

    private readonly ConcurrentDictionary<NodeId, Node> _nodes = new();
    private readonly List<string> _namespaces = [OpcUaNamespaceUri, "urn:iiot:opcua:server"];
    private readonly object _addLock = new();

    public AddressSpace()
    {
        StandardNodes.Build(this);
        Server = ServerObject.Build(this);
        PublishNamespaces();
    }

    /// <summary>The Server object's variables that the running server keeps up to date.</summary>
    internal ServerObject Server { get; }

    /// <summary>Number of nodes, namespace 0 included.</summary>
    public int Count => _nodes.Count;

    /// <summary>The NamespaceArray: index 0 is OPC UA, index 1 this server's ApplicationUri.</summary>
    public IReadOnlyList<string> NamespaceUris
    {
        get
        {
            lock (_namespaces)
            {
                return [.. _namespaces];
            }
        }
    }

    /// <summary>Returns the namespace index of <paramref name="uri"/>, adding it to the NamespaceArray if new.</summary>
    public ushort RegisterNamespace(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        lock (_namespaces)
        {
            var index = _namespaces.IndexOf(uri);
            if (index >= 0)
            {
                return (ushort)index;
            }

            _namespaces.Add(uri);
            PublishNamespaces();
            return (ushort)(_namespaces.Count - 1);
        }
    }

    public Node? Find(NodeId nodeId) => _nodes.TryGetValue(nodeId, out var node) ? node : null;

    /// <summary>Adds a FolderType object organized by <paramref name="parentId"/>; the browse name is in the node's namespace.</summary>
    public ObjectNode AddFolder(NodeId parentId, NodeId nodeId, string browseName) =>
        AddObject(parentId, nodeId, browseName, new NodeId(ObjectTypeIds.FolderType), new NodeId(ReferenceTypeIds.Organizes));

    /// <summary>
    /// Adds an object under <paramref name="parentId"/> with <paramref name="typeDefinition"/> (BaseObjectType by
    /// default), referenced by <paramref name="referenceTypeId"/>: by default Organizes from a folder, else HasComponent.
    /// </summary>
    public ObjectNode AddObject(NodeId parentId, NodeId nodeId, string browseName, NodeId? typeDefinition = null, NodeId? referenceTypeId = null)
    {
        var node = new ObjectNode(nodeId, new QualifiedName(nodeId.NamespaceIndex, browseName), new LocalizedText(null, browseName));
        AddChild(parentId, node, referenceTypeId ?? ChildReference(parentId), typeDefinition ?? new NodeId(ObjectTypeIds.BaseObjectType));
        return node;
    }

    /// <summary>Adds a variable as a HasComponent of <paramref name="parentId"/> (Organizes when the parent is a folder).</summary>
    public VariableNode AddVariable(NodeId parentId, NodeId nodeId, string browseName, VariableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var node = NewVariable(nodeId, new QualifiedName(nodeId.NamespaceIndex, browseName), options);
        AddChild(parentId, node, ChildReference(parentId), options.TypeDefinition ?? new NodeId(VariableTypeIds.BaseDataVariableType));
        return node;
    }

    /// <summary>Adds a property (HasProperty, PropertyType) such as EURange (browse name 0:EURange, data type Range).</summary>
    public VariableNode AddProperty(NodeId parentId, NodeId nodeId, QualifiedName browseName, NodeId dataType, Variant value, int valueRank = ValueRanks.Scalar)
    {
        var node = NewVariable(nodeId, browseName, new VariableOptions { DataType = dataType, ValueRank = valueRank, InitialValue = value });
        AddChild(parentId, node, new NodeId(ReferenceTypeIds.HasProperty), new NodeId(VariableTypeIds.PropertyType));
        return node;
    }

    /// <summary>Adds the EURange property (OPC 10000-8 §5.3.2) that PercentDeadband needs on an AnalogItemType variable.</summary>
    public VariableNode AddEuRange(NodeId variableId, NodeId propertyId, double low, double high) =>
        AddProperty(variableId, propertyId, new QualifiedName(0, "EURange"), new NodeId(DataTypeIds.Range),
            Variant.From(ExtensionObjects.Wrap(new Range { Low = low, High = high })));

    /// <summary>Adds a reference and its inverse.</summary>
    public void AddReference(NodeId sourceId, NodeId referenceTypeId, NodeId targetId)
    {
        lock (_addLock)
        {
            var source = Require(sourceId);
            var target = Require(targetId);
            LinkUnlocked(source, referenceTypeId, target);
        }
    }

    /// <summary>
    /// One attribute as the subscription engine samples it: the stored DataValue for Value (no allocation), a Bad
    /// status for unknown nodes, attributes that do not apply, or values that are not readable. No server timestamp.
    /// </summary>
    public DataValue ReadAttribute(NodeId nodeId, uint attributeId)
    {
        if (!_nodes.TryGetValue(nodeId, out var node))
        {
            return UnknownNode;
        }

        if (node is VariableNode variable && attributeId == AttributeIds.Value)
        {
            return ReadValue(variable);
        }

        return node.TryReadAttribute(attributeId, out var value) ? new DataValue { Value = value } : InvalidAttribute;
    }

    /// <summary>The Value attribute of a variable already found: its stored DataValue, or BadNotReadable.</summary>
    internal DataValue ReadValue(VariableNode variable) =>
        (variable.AccessLevel & (byte)AccessLevelType.CurrentRead) == 0 ? NotReadable : variable.Value;

    /// <summary>
    /// Good when the attribute can be read (and so monitored); else BadNodeIdUnknown, BadAttributeIdInvalid or
    /// BadNotReadable. <paramref name="minimumSamplingInterval"/> is the variable's (0 for other nodes).
    /// </summary>
    public uint CheckReadable(NodeId nodeId, uint attributeId, out double minimumSamplingInterval)
    {
        minimumSamplingInterval = 0;
        if (!_nodes.TryGetValue(nodeId, out var node))
        {
            return StatusCodes.BadNodeIdUnknown;
        }

        if (node is VariableNode variable)
        {
            minimumSamplingInterval = variable.MinimumSamplingInterval;
            if (attributeId == AttributeIds.Value)
            {
                return (variable.AccessLevel & (byte)AccessLevelType.CurrentRead) == 0 ? StatusCodes.BadNotReadable : StatusCodes.Good;
            }
        }

        return node.TryReadAttribute(attributeId, out _) ? StatusCodes.Good : StatusCodes.BadAttributeIdInvalid;
    }

    /// <summary>The value of the variable's HasProperty child 0:EURange, or null when it has none.</summary>
    public Range? GetEuRange(NodeId variableId)
    {
        if (Find(variableId) is not VariableNode variable)
        {
            return null;
        }

        foreach (var reference in variable.GetReferences())
        {
            if (!reference.IsInverse && reference.ReferenceTypeId == new NodeId(ReferenceTypeIds.HasProperty)
                && Find(reference.TargetId) is VariableNode { BrowseName: { NamespaceIndex: 0, Name: "EURange" } } property
                && property.Value.Value.Value is ExtensionObject body
                && ExtensionObjects.TryUnwrap<Range>(body, Range.BinaryEncodingId, out var range))
            {
                return range;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="typeId"/> is <paramref name="superTypeId"/> or derives from it through HasSubtype.</summary>
    public bool IsSubtypeOf(NodeId typeId, NodeId superTypeId)
    {
        NodeId? current = typeId;
        for (var depth = 0; current is not null && depth < 64; depth++)
        {
            if (current == superTypeId)
            {
                return true;
            }

            current = Find(current)?.SuperTypeId;
        }

        return false;
    }

    internal void AddNode(Node node)
    {
        if (!_nodes.TryAdd(node.NodeId, node))
        {
            throw new ArgumentException($"A node {node.NodeId} already exists.", nameof(node));
        }
    }

    internal void AddChild(NodeId parentId, Node node, NodeId referenceTypeId, NodeId? typeDefinition)
    {
        lock (_addLock)
        {
            var parent = Require(parentId);
            if (typeDefinition is not null && !_nodes.ContainsKey(typeDefinition))
            {
                throw new ArgumentException($"The type definition {typeDefinition} does not exist.", nameof(typeDefinition));
            }

            AddNode(node);
            LinkUnlocked(parent, referenceTypeId, node);
            if (typeDefinition is not null)
            {
                LinkUnlocked(node, new NodeId(ReferenceTypeIds.HasTypeDefinition), Require(typeDefinition));
            }
        }
    }

    internal void PublishNamespaces()
    {
        string[] uris;
        lock (_namespaces)
        {
            uris = [.. _namespaces];
        }

        Server?.NamespaceArray.SetValue(Variant.Array(BuiltInType.String, uris));
    }

    internal void SetServerUri(string applicationUri)
    {
        lock (_namespaces)
        {
            _namespaces[1] = applicationUri;
        }

        PublishNamespaces();
    }

    private static VariableNode NewVariable(NodeId nodeId, QualifiedName browseName, VariableOptions options) =>
        new(nodeId, browseName, new LocalizedText(null, browseName.Name), options) { Description = options.Description ?? LocalizedText.Null };

    private NodeId ChildReference(NodeId parentId) =>
        new(Require(parentId).TypeDefinitionId is { } type && IsSubtypeOf(type, new NodeId(ObjectTypeIds.FolderType))
            ? ReferenceTypeIds.Organizes
            : ReferenceTypeIds.HasComponent);

    private Node Require(NodeId nodeId) =>
        Find(nodeId) ?? throw new ArgumentException($"No node {nodeId} in the address space.", nameof(nodeId));

    private static void LinkUnlocked(Node source, NodeId referenceTypeId, Node target)
    {
        source.AddReference(new NodeReference(referenceTypeId, false, target.NodeId));
        target.AddReference(new NodeReference(referenceTypeId, true, source.NodeId));
        if (referenceTypeId == new NodeId(ReferenceTypeIds.HasTypeDefinition))
        {
            source.TypeDefinitionId = target.NodeId;
        }
        else if (referenceTypeId == new NodeId(ReferenceTypeIds.HasSubtype))
        {
            target.SuperTypeId = source.NodeId;
        }
    }
}
