using IIoT.OpcUa.Client;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// Turns a group's Nodes, BrowsePaths and Folders into monitored-item candidates on a connected session: namespace URIs
/// resolved against the server's NamespaceArray, browse paths translated, subtrees browsed, signal names and units
/// read. What cannot be resolved becomes an <see cref="OpcUaItemFailure"/>; the rest goes on.
/// </summary>
internal sealed class OpcUaItemResolver(UaSession session, string groupName)
{
    private readonly List<OpcUaItem> _items = [];
    private readonly List<OpcUaItemFailure> _failures = [];

    public IReadOnlyList<OpcUaItem> Items => _items;

    public IReadOnlyList<OpcUaItemFailure> Failures => _failures;

    public async Task ResolveAsync(OpcUaGroupOptions group, CancellationToken cancellationToken)
    {
        var namespaces = session.NamespaceUris;
        var needsName = new List<OpcUaItem>();
        for (var i = 0; i < group.Nodes.Count; i++)
        {
            var node = group.Nodes[i];
            var origin = $"Nodes:{i} {node.NodeId}";
            if (Resolve(node.NodeId, origin, namespaces) is not { } id)
            {
                continue;
            }
            var item = new OpcUaItem(origin, id, node.Machine ?? "", node.Signal ?? "", node.Unit);
            _items.Add(item);
            needsName.Add(item);
        }
        await ResolveBrowsePathsAsync(group, namespaces, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < group.Folders.Count; i++)
        {
            await BrowseFolderAsync(group.Folders[i], $"Folders:{i} {group.Folders[i].Root}", namespaces, cancellationToken).ConfigureAwait(false);
        }
        await ReadNamesAsync(needsName, cancellationToken).ConfigureAwait(false);
        await ReadUnitsAsync(cancellationToken).ConfigureAwait(false);
    }

    private NodeId? Resolve(string text, string origin, IReadOnlyList<string> namespaces)
    {
        if (!OpcUaNames.TryParseNodeId(text, out var expanded))
        {
            Fail(origin, "BadNodeIdInvalid", "not a NodeId");
            return null;
        }
        var id = OpcUaNames.Resolve(expanded, namespaces, out var error);
        if (id is null)
        {
            Fail(origin, "BadNodeIdUnknown", error!);
        }
        return id;
    }

    private async Task ResolveBrowsePathsAsync(OpcUaGroupOptions group, IReadOnlyList<string> namespaces, CancellationToken cancellationToken)
    {
        var requests = new List<BrowsePath>();
        var configs = new List<(OpcUaBrowsePathOptions Options, string Origin, string LastName)>();
        for (var i = 0; i < group.BrowsePaths.Count; i++)
        {
            var options = group.BrowsePaths[i];
            var origin = $"BrowsePaths:{i} {options.Path}";
            if (Resolve(options.StartNode, origin, namespaces) is not { } start)
            {
                continue;
            }
            if (!OpcUaNames.TryParseBrowsePath(options.Path, out var elements, out var error))
            {
                Fail(origin, "BadBrowseNameInvalid", error!);
                continue;
            }
            var relative = new RelativePathElement[elements.Count];
            var ok = true;
            for (var e = 0; e < elements.Count && ok; e++)
            {
                var index = elements[e].NamespaceIndex;
                if (elements[e].NamespaceUri is { } uri)
                {
                    var found = IndexOf(namespaces, uri);
                    if (found < 0)
                    {
                        Fail(origin, "BadBrowseNameInvalid", $"namespace '{uri}' is not in the server's NamespaceArray");
                        ok = false;
                        break;
                    }
                    index = (ushort)found;
                }
                relative[e] = new RelativePathElement
                {
                    ReferenceTypeId = new NodeId(ReferenceTypeIds.HierarchicalReferences),
                    IncludeSubtypes = true,
                    TargetName = new QualifiedName(index, elements[e].Name),
                };
            }
            if (!ok)
            {
                continue;
            }
            requests.Add(new BrowsePath { StartingNode = start, RelativePath = new RelativePath { Elements = relative } });
            configs.Add((options, origin, elements[^1].Name));
        }
        if (requests.Count == 0)
        {
            return;
        }
        var results = await session.TranslateBrowsePathsAsync(requests, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < results.Length; i++)
        {
            var (options, origin, lastName) = configs[i];
            var result = results[i];
            var target = result.Targets?.FirstOrDefault(t => t.RemainingPathIndex == uint.MaxValue) ?? result.Targets?.FirstOrDefault();
            if (result.StatusCode.IsBad || target is null)
            {
                Fail(origin, StatusName(result.StatusCode), "the browse path does not lead to a node");
                continue;
            }
            if (OpcUaNames.Resolve(target.TargetId, namespaces, out var error) is not { } id)
            {
                Fail(origin, "BadNodeIdUnknown", error!);
                continue;
            }
            _items.Add(new OpcUaItem(origin, id, options.Machine ?? "", options.Signal ?? lastName, options.Unit));
        }
    }

    private async Task BrowseFolderAsync(OpcUaFolderOptions folder, string origin, IReadOnlyList<string> namespaces, CancellationToken cancellationToken)
    {
        if (Resolve(folder.Root, origin, namespaces) is not { } root)
        {
            return;
        }
        var include = OpcUaNames.Wildcards(folder.Include);
        var exclude = OpcUaNames.Wildcards(folder.Exclude);
        var pending = new Queue<(NodeId Node, string[] Segments)>();
        pending.Enqueue((root, []));
        var visited = new HashSet<NodeId> { root };
        var found = 0;
        while (pending.TryDequeue(out var current))
        {
            ReferenceDescription[] references;
            try
            {
                references = await session.BrowseAsync(current.Node, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceResultException e) when (current.Segments.Length == 0)
            {
                Fail(origin, StatusName(e.StatusCode), "the folder root cannot be browsed");
                return;
            }
            foreach (var reference in references)
            {
                if (reference.NodeId.ServerIndex != 0 || OpcUaNames.Resolve(reference.NodeId, namespaces, out _) is not { } child || !visited.Add(child))
                {
                    continue;
                }
                var name = reference.BrowseName.Name ?? "";
                string[] segments = [.. current.Segments, name];
                if (reference.NodeClass == NodeClass.Variable)
                {
                    // Properties (EURange, EngineeringUnits) are metadata of their variable, not signals of their own.
                    if (reference.ReferenceTypeId == new NodeId(ReferenceTypeIds.HasProperty)
                        || (include is not null && !include.IsMatch(name)) || (exclude is not null && exclude.IsMatch(name)))
                    {
                        continue;
                    }
                    var machine = folder.MachineLevel >= 1 && folder.MachineLevel < segments.Length ? segments[folder.MachineLevel - 1] : "";
                    _items.Add(new OpcUaItem($"{origin} /{string.Join('/', segments)}", child, machine, name, null));
                    found++;
                }
                else if (reference.NodeClass == NodeClass.Object && segments.Length < folder.MaxDepth)
                {
                    pending.Enqueue((child, segments));
                }
            }
        }
        if (found == 0)
        {
            Fail(origin, "BadNoMatch", "no variable below the folder matches the filter");
        }
    }

    private async Task ReadNamesAsync(List<OpcUaItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }
        // Reading the BrowseName also proves that an explicit node exists before it is monitored.
        var values = await session.ReadAsync(items.Select(i => new ReadValueId { NodeId = i.NodeId, AttributeId = AttributeIds.BrowseName }).ToArray(),
            TimestampsToReturn.Neither, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            if (values[i].Status.IsBad)
            {
                Fail(items[i].Origin, StatusName(values[i].Status), "the node cannot be read");
                _items.Remove(items[i]);
            }
            else if (items[i].Signal.Length == 0)
            {
                items[i].Signal = (values[i].Value.Value as QualifiedName)?.Name ?? items[i].NodeId.ToString();
            }
        }
    }

    private async Task ReadUnitsAsync(CancellationToken cancellationToken)
    {
        var missing = _items.Where(i => i.Unit is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var paths = missing.Select(i => new BrowsePath
        {
            StartingNode = i.NodeId,
            RelativePath = new RelativePath
            {
                Elements = [new RelativePathElement { ReferenceTypeId = new NodeId(ReferenceTypeIds.HasProperty), TargetName = new QualifiedName(0, "EngineeringUnits") }],
            },
        }).ToArray();
        var targets = await session.TranslateBrowsePathsAsync(paths, cancellationToken).ConfigureAwait(false);
        var withUnits = new List<(OpcUaItem Item, NodeId Property)>();
        for (var i = 0; i < targets.Length; i++)
        {
            if (targets[i].StatusCode.IsGood && targets[i].Targets is [var target, ..] && target.TargetId.NamespaceUri is null)
            {
                withUnits.Add((missing[i], target.TargetId.NodeId));
            }
        }
        if (withUnits.Count == 0)
        {
            return;
        }
        var values = await session.ReadAsync(withUnits.Select(w => new ReadValueId { NodeId = w.Property, AttributeId = AttributeIds.Value }).ToArray(),
            TimestampsToReturn.Neither, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Status.IsGood && ExtensionObjects.TryUnwrap<EUInformation>(values[i].Value.Value as ExtensionObject, EUInformation.BinaryEncodingId, out var eu)
                && !string.IsNullOrEmpty(eu?.DisplayName.Text))
            {
                withUnits[i].Item.Unit = eu.DisplayName.Text;
            }
        }
    }

    private void Fail(string origin, string status, string detail) => _failures.Add(new OpcUaItemFailure(groupName, origin, status, detail));

    private static string StatusName(StatusCode status) => status.IsBad ? status.Name : "BadNoMatch";

    private static int IndexOf(IReadOnlyList<string> namespaces, string uri)
    {
        for (var i = 0; i < namespaces.Count; i++)
        {
            if (namespaces[i] == uri)
            {
                return i;
            }
        }
        return -1;
    }
}
