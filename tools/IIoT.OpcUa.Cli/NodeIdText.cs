using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Cli;

/// <summary>
/// NodeId text both ways against the server's NamespaceArray: "ns=&lt;index&gt;;s=.." or "nsu=&lt;uri&gt;;s=.." in, and the
/// nsu= form out, because an index can change when the server restarts with another namespace list, a URI cannot.
/// </summary>
internal static class NodeIdText
{
    public static NodeId Parse(string text, IReadOnlyList<string> namespaceUris)
    {
        if (!ExpandedNodeId.TryParse(text, out var expanded) || expanded.ServerIndex != 0)
        {
            throw new UsageException($"'{text}' is not a NodeId (forms: i=85, ns=2;s=Name, ns=2;g=<guid>, ns=2;b=<base64>, nsu=<uri>;s=Name)");
        }

        if (expanded.NamespaceUri is null)
        {
            return expanded.NodeId;
        }

        for (var i = 0; i < namespaceUris.Count; i++)
        {
            if (string.Equals(namespaceUris[i], expanded.NamespaceUri, StringComparison.Ordinal))
            {
                return WithNamespace(expanded.NodeId, (ushort)i);
            }
        }

        throw new CliFailure($"BadNodeIdUnknown: namespace '{expanded.NamespaceUri}' of {text} is not in the server's NamespaceArray");
    }

    /// <summary>The nsu= form for nodes outside namespace 0 (whose index is fixed by the spec); the index form when the URI is unknown.</summary>
    public static string Format(NodeId nodeId, IReadOnlyList<string> namespaceUris)
    {
        if (nodeId.NamespaceIndex == 0 || nodeId.NamespaceIndex >= namespaceUris.Count)
        {
            return nodeId.ToString();
        }

        return new ExpandedNodeId(WithNamespace(nodeId, 0), namespaceUris[nodeId.NamespaceIndex]).ToString();
    }

    /// <summary>A browse result's target as a local NodeId (a URI, if the server sent one, mapped to its index).</summary>
    public static NodeId? Local(ExpandedNodeId id, IReadOnlyList<string> namespaceUris)
    {
        if (id.ServerIndex != 0)
        {
            return null; // a node on another server cannot be read through this session
        }

        if (id.NamespaceUri is null)
        {
            return id.NodeId;
        }

        for (var i = 0; i < namespaceUris.Count; i++)
        {
            if (string.Equals(namespaceUris[i], id.NamespaceUri, StringComparison.Ordinal))
            {
                return WithNamespace(id.NodeId, (ushort)i);
            }
        }

        return null;
    }

    private static NodeId WithNamespace(NodeId id, ushort ns) => id.IdType switch
    {
        NodeIdType.Numeric => new NodeId(id.NumericId, ns),
        NodeIdType.String => new NodeId(id.StringId, ns),
        NodeIdType.Guid => new NodeId(id.GuidId, ns),
        _ => new NodeId(id.OpaqueId, ns),
    };
}
