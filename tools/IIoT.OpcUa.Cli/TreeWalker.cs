using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Cli;

/// <summary>
/// Browses the hierarchical references below a root level by level, so each level is one batched Browse call (split by
/// the server's limits in the client) instead of a call per node. Each node is visited once: hierarchies may loop.
/// </summary>
internal static class TreeWalker
{
    public static async Task<BrowsedNode> WalkAsync(UaSession session, NodeId rootId, int maxDepth, CancellationToken cancellationToken)
    {
        var names = await session.ReadAsync(
            [new ReadValueId { NodeId = rootId, AttributeId = AttributeIds.BrowseName }, new ReadValueId { NodeId = rootId, AttributeId = AttributeIds.NodeClass }],
            TimestampsToReturn.Neither, cancellationToken).ConfigureAwait(false);
        if (names[0].Status.IsBad)
        {
            throw new CliFailure($"{names[0].Status.Name}: cannot browse {rootId}");
        }

        var root = new BrowsedNode(rootId, names[0].Value.Value as QualifiedName ?? QualifiedName.Null,
            names[1].Value.Value is int nodeClass ? (NodeClass)nodeClass : NodeClass.Unspecified, NodeId.Null, []);
        var seen = new HashSet<NodeId> { rootId };
        var level = new List<BrowsedNode> { root };
        for (var depth = 1; depth <= maxDepth && level.Count > 0; depth++)
        {
            var results = await session.BrowseAsync(level.Select(n => ViewServiceExtensions.Forward(n.Id)).ToArray(), 0, cancellationToken)
                .ConfigureAwait(false);
            var next = new List<BrowsedNode>();
            for (var i = 0; i < level.Count; i++)
            {
                var parent = level[i];
                if (results[i].StatusCode.IsBad)
                {
                    throw new CliFailure($"{results[i].StatusCode.Name}: browse of {parent.Id} failed");
                }

                foreach (var reference in results[i].References ?? [])
                {
                    if (NodeIdText.Local(reference.NodeId, session.NamespaceUris) is not { } id || !seen.Add(id))
                    {
                        continue;
                    }

                    var child = new BrowsedNode(id, reference.BrowseName, reference.NodeClass, reference.ReferenceTypeId,
                        [.. parent.Path, reference.BrowseName.Name ?? ""]);
                    parent.Children.Add(child);
                    next.Add(child);
                }
            }

            level = next;
        }

        await ReadDataTypesAsync(session, root, cancellationToken).ConfigureAwait(false);
        return root;
    }

    public static IEnumerable<BrowsedNode> Descendants(BrowsedNode node)
    {
        foreach (var child in node.Children)
        {
            yield return child;
            foreach (var below in Descendants(child))
            {
                yield return below;
            }
        }
    }

    private static async Task ReadDataTypesAsync(UaSession session, BrowsedNode root, CancellationToken cancellationToken)
    {
        var variables = Descendants(root).Prepend(root).Where(n => n.NodeClass == NodeClass.Variable).ToArray();
        if (variables.Length == 0)
        {
            return;
        }

        var values = await session.ReadAsync(variables.Select(v => new ReadValueId { NodeId = v.Id, AttributeId = AttributeIds.DataType }).ToArray(),
            TimestampsToReturn.Neither, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < variables.Length; i++)
        {
            variables[i].DataType = values[i].Value.Value as NodeId;
        }
    }
}
