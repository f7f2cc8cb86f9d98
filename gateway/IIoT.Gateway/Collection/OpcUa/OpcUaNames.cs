using System.Globalization;
using System.Text.RegularExpressions;
using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// The text forms of the configuration: node ids ("nsu=uri;s=x" or "ns=2;s=x"), browse paths
/// ("/2:plant1/nsu=urn:x:line1/Name") and name wildcards. Parsing is separate from resolving, so that the validator
/// can check the syntax before any server is reached.
/// </summary>
internal static class OpcUaNames
{
    /// <summary>A path element: its namespace as an index or a URI (one of them), and the BrowseName.</summary>
    public readonly record struct PathElement(ushort NamespaceIndex, string? NamespaceUri, string Name);

    public static bool TryParseNodeId(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ExpandedNodeId? id) =>
        ExpandedNodeId.TryParse(text?.Trim(), out id) && id.ServerIndex == 0 && !id.IsNull;

    /// <summary>The node id in the session's namespace indexes; null with a reason when its URI is not on the server.</summary>
    public static NodeId? Resolve(ExpandedNodeId id, IReadOnlyList<string> namespaces, out string? error)
    {
        error = null;
        if (id.NamespaceUri is null)
        {
            return id.NodeId;
        }
        for (var i = 0; i < namespaces.Count; i++)
        {
            if (namespaces[i] == id.NamespaceUri)
            {
                return WithNamespace(id.NodeId, (ushort)i);
            }
        }
        error = $"namespace '{id.NamespaceUri}' is not in the server's NamespaceArray";
        return null;
    }

    public static NodeId WithNamespace(NodeId id, ushort namespaceIndex) => id.IdType switch
    {
        NodeIdType.Numeric => new NodeId(id.NumericId, namespaceIndex),
        NodeIdType.String => new NodeId(id.StringId, namespaceIndex),
        NodeIdType.Guid => new NodeId(id.GuidId, namespaceIndex),
        _ => new NodeId(id.OpaqueId, namespaceIndex),
    };

    /// <summary>"/a/b" with elements "&lt;ns index&gt;:Name", "nsu=&lt;uri&gt;:Name" (split at the last ':') or "Name" (namespace 0).</summary>
    public static bool TryParseBrowsePath(string? text, out List<PathElement> elements, out string? error)
    {
        elements = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the path is empty";
            return false;
        }
        foreach (var raw in text.Trim().TrimStart('/').Split('/'))
        {
            if (raw.Length == 0)
            {
                error = "the path has an empty element";
                return false;
            }
            if (raw.StartsWith("nsu=", StringComparison.Ordinal))
            {
                var colon = raw.LastIndexOf(':');
                if (colon <= 4 || colon == raw.Length - 1)
                {
                    error = $"'{raw}' is not 'nsu=<uri>:<BrowseName>'";
                    return false;
                }
                elements.Add(new PathElement(0, raw[4..colon], raw[(colon + 1)..]));
                continue;
            }
            var separator = raw.IndexOf(':');
            if (separator > 0 && ushort.TryParse(raw.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                if (separator == raw.Length - 1)
                {
                    error = $"'{raw}' has no BrowseName";
                    return false;
                }
                elements.Add(new PathElement(index, null, raw[(separator + 1)..]));
                continue;
            }
            elements.Add(new PathElement(0, null, raw));
        }
        return true;
    }

    /// <summary>A matcher for comma-separated wildcards; null when the list is empty.</summary>
    public static Regex? Wildcards(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return null;
        }
        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => "^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$");
        return new Regex(string.Join('|', parts), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }
}
