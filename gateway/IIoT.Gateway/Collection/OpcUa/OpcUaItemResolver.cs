using IIoT.OpcUa.Client;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// Turns a group's Nodes, BrowsePaths and Folders into monitored-item candidates on a connected session: namespace URIs
/// resolved against the server's NamespaceArray, browse paths translated, subtrees browsed, signal names and units
/// read. What cannot be resolved becomes an <see cref="OpcUaItemFailure"/>; the rest goes on.
/// Items are handed out in chunks as they are found (a folder of 100,000 variables is browsed page by page), so that
/// the caller can subscribe them while the browse goes on and memory holds no more than a chunk and the visited set.
/// </summary>
internal sealed class OpcUaItemResolver(UaSession session, string groupName)
{
    /// <summary>Items handed to the caller at a time (and read for their units at a time).</summary>
    public const int DefaultChunkSize = 2000;

    /// <summary>References asked for per Browse/BrowseNext: one page, not the whole folder, is in memory at a time.</summary>
    public const uint ReferencesPerPage = 1000;

    private readonly List<OpcUaItemFailure> _failures = [];
    private readonly List<(OpcUaItem Item, bool Verify)> _pending = [];
    private readonly Dictionary<string, string> _units = new(StringComparer.Ordinal);
    private Func<IReadOnlyList<OpcUaItem>, CancellationToken, Task> _emit = (_, _) => Task.CompletedTask;

    public int ChunkSize { get; init; } = DefaultChunkSize;

    public IReadOnlyList<OpcUaItemFailure> Failures => _failures;

    /// <summary>Items handed out so far.</summary>
    public int Resolved { get; private set; }

    /// <summary>
    /// Resolves the whole group, handing the items to <paramref name="onChunk"/> in chunks of at most <see cref="ChunkSize"/>
    /// (each chunk verified and with units read); the failures are in <see cref="Failures"/> afterwards.
    /// </summary>
    public async Task ResolveAsync(OpcUaGroupOptions group, Func<IReadOnlyList<OpcUaItem>, CancellationToken, Task> onChunk,
        CancellationToken cancellationToken)
    {
        _emit = onChunk;
        var namespaces = session.NamespaceUris;
        for (var i = 0; i < group.Nodes.Count; i++)
        {
            var node = group.Nodes[i];
            var origin = $"Nodes:{i} {node.NodeId}";
            if (Resolve(node.NodeId, origin, namespaces) is not { } id)
            {
                continue;
            }
            // Reading the BrowseName proves that an explicit node exists before it is monitored.
            await AddAsync(new OpcUaItem(origin, id, node.Machine ?? "", node.Signal ?? "", node.Unit), verify: true, cancellationToken).ConfigureAwait(false);
        }
        await ResolveBrowsePathsAsync(group, namespaces, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < group.Folders.Count; i++)
        {
            await BrowseFolderAsync(group.Folders[i], $"Folders:{i} {group.Folders[i].Root}", namespaces, cancellationToken).ConfigureAwait(false);
        }
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AddAsync(OpcUaItem item, bool verify, CancellationToken cancellationToken)
    {
        _pending.Add((item, verify));
        if (_pending.Count >= ChunkSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var verified = await VerifyAsync(cancellationToken).ConfigureAwait(false);
        _pending.Clear();
        await ReadUnitsAsync(verified, cancellationToken).ConfigureAwait(false);
        if (verified.Count > 0)
        {
            Resolved += verified.Count;
            await _emit(verified, cancellationToken).ConfigureAwait(false);
        }
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
            await AddAsync(new OpcUaItem(origin, id, options.Machine ?? "", options.Signal ?? lastName, options.Unit), verify: false, cancellationToken)
                .ConfigureAwait(false);
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
        // Only folders wait here; variables go straight out in chunks. The visited set shares its NodeIds with the items.
        var pending = new Queue<(NodeId Node, string[] Segments)>();
        pending.Enqueue((root, []));
        var visited = new HashSet<NodeId> { root };
        var found = 0;
        var hasProperty = new NodeId(ReferenceTypeIds.HasProperty);
        var answered = false; // once the root answered, a failure is the connection's, not the configuration's
        while (pending.TryDequeue(out var current))
        {
            // The parent's path once per folder, shared by its variables' origins.
            var parentPath = current.Segments.Length == 0 ? "" : string.Join('/', current.Segments) + "/";
            var machineFromParent = folder.MachineLevel >= 1 && folder.MachineLevel <= current.Segments.Length ? current.Segments[folder.MachineLevel - 1] : "";
            var page = new List<OpcUaItem>();
            try
            {
                await BrowsePagedAsync(current.Node, async references =>
                {
                    answered = true;
                    page.Clear();
                    foreach (var reference in references)
                    {
                        if (reference.NodeId.ServerIndex != 0 || OpcUaNames.Resolve(reference.NodeId, namespaces, out _) is not { } child || !visited.Add(child))
                        {
                            continue;
                        }
                        var name = reference.BrowseName.Name ?? "";
                        if (reference.NodeClass == NodeClass.Variable)
                        {
                            // Properties (EURange, EngineeringUnits) are metadata of their variable, not signals of their own.
                            if (reference.ReferenceTypeId == hasProperty
                                || (include is not null && !include.IsMatch(name)) || (exclude is not null && exclude.IsMatch(name)))
                            {
                                continue;
                            }
                            page.Add(new OpcUaItem(origin, child, machineFromParent, name, null, parentPath));
                        }
                        else if (reference.NodeClass == NodeClass.Object && current.Segments.Length + 1 < folder.MaxDepth)
                        {
                            pending.Enqueue((child, [.. current.Segments, name]));
                        }
                    }
                    found += page.Count;
                    foreach (var item in page)
                    {
                        await AddAsync(item, verify: false, cancellationToken).ConfigureAwait(false);
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceResultException e) when (!answered)
            {
                Fail(origin, StatusName(new StatusCode(e.StatusCode)), $"the folder root cannot be browsed ({e.Message})");
                return;
            }
        }
        if (found == 0)
        {
            Fail(origin, "BadNoMatch", "no variable below the folder matches the filter");
        }
    }

    /// <summary>
    /// Browses one node's forward hierarchical references a page at a time (RequestedMaxReferencesPerNode), following the
    /// continuation point after each page was handled; a point still held when something fails is released.
    /// </summary>
    private async Task BrowsePagedAsync(NodeId node, Func<ReferenceDescription[], Task> onPage, CancellationToken cancellationToken)
    {
        var response = await session.CallAsync<BrowseResponse>(new BrowseRequest
        {
            RequestedMaxReferencesPerNode = ReferencesPerPage,
            NodesToBrowse = [ViewServiceExtensions.Forward(node)],
        }, cancellationToken).ConfigureAwait(false);
        var result = response.Results is [var first] ? first : throw new ServiceResultException(IIoT.OpcUa.Types.StatusCodes.BadUnexpectedError, "Browse answered no result.");
        byte[]? held = null;
        try
        {
            while (true)
            {
                if (result.StatusCode.IsBad)
                {
                    throw new ServiceResultException(result.StatusCode.Code, $"Browse of {node} failed with {result.StatusCode.Name}.");
                }
                held = result.ContinuationPoint is { Length: > 0 } point ? point : null;
                await onPage(result.References ?? []).ConfigureAwait(false);
                if (held is null)
                {
                    return;
                }
                var next = await session.BrowseNextAsync([held], false, cancellationToken).ConfigureAwait(false);
                held = null; // consumed by BrowseNext
                result = next is [var nextResult] ? nextResult : throw new ServiceResultException(IIoT.OpcUa.Types.StatusCodes.BadUnexpectedError, "BrowseNext answered no result.");
            }
        }
        finally
        {
            if (held is not null)
            {
                await ReleaseAsync(held).ConfigureAwait(false);
            }
        }
    }

    private async Task ReleaseAsync(byte[] continuationPoint)
    {
        try
        {
            // The caller's token may be cancelled already; the release gets a short budget of its own.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await session.BrowseNextAsync([continuationPoint], true, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ServiceResultException or OperationCanceledException)
        {
            // Best effort: the server frees it with the session anyway.
        }
    }

    /// <summary>The pending items that may be monitored: explicit nodes only when their BrowseName can be read.</summary>
    private async Task<List<OpcUaItem>> VerifyAsync(CancellationToken cancellationToken)
    {
        var toRead = new List<OpcUaItem>();
        foreach (var (item, verify) in _pending)
        {
            if (verify)
            {
                toRead.Add(item);
            }
        }
        var refused = new HashSet<OpcUaItem>(ReferenceEqualityComparer.Instance);
        if (toRead.Count > 0)
        {
            var values = await session.ReadAsync(toRead.Select(i => new ReadValueId { NodeId = i.NodeId, AttributeId = AttributeIds.BrowseName }).ToArray(),
                TimestampsToReturn.Neither, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < toRead.Count; i++)
            {
                if (values[i].Status.IsBad)
                {
                    Fail(toRead[i].Origin, StatusName(values[i].Status), "the node cannot be read (does it exist?)");
                    refused.Add(toRead[i]);
                }
                else if (toRead[i].Signal.Length == 0)
                {
                    toRead[i].Signal = (values[i].Value.Value as QualifiedName)?.Name ?? toRead[i].NodeId.ToString();
                }
            }
        }
        var verified = new List<OpcUaItem>(_pending.Count);
        foreach (var (item, _) in _pending)
        {
            if (!refused.Contains(item))
            {
                verified.Add(item);
            }
        }
        return verified;
    }

    private async Task ReadUnitsAsync(List<OpcUaItem> items, CancellationToken cancellationToken)
    {
        var missing = items.Where(i => i.Unit is null).ToList();
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
                withUnits[i].Item.Unit = Intern(eu.DisplayName.Text);
            }
        }
    }

    /// <summary>A handful of units serve 100,000 items: one string each.</summary>
    private string Intern(string unit)
    {
        if (!_units.TryGetValue(unit, out var shared))
        {
            _units[unit] = shared = unit;
        }
        return shared;
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
