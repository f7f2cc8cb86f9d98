using System.Globalization;

namespace IIoT.OpcUa.Types;

/// <summary>
/// A NodeId that may name its namespace by URI and live on another server (OPC 10000-6 §5.2.2.10).
/// When <see cref="NamespaceUri"/> is set, the wire carries namespace index 0 and the URI instead.
/// Text form: "svr=1;nsu=http://x;s=Name" (svr and nsu optional), else the NodeId text.
/// </summary>
public sealed record ExpandedNodeId(NodeId NodeId, string? NamespaceUri = null, uint ServerIndex = 0)
{
    public static ExpandedNodeId Null { get; } = new(NodeId.Null);

    public bool IsNull => NodeId.IsNull && NamespaceUri is null && ServerIndex == 0;

    public override string ToString()
    {
        var text = ServerIndex == 0 ? "" : $"svr={ServerIndex.ToString(CultureInfo.InvariantCulture)};";
        return NamespaceUri is null ? text + NodeId : text + $"nsu={NamespaceUri};" + NodeId.IdentifierText();
    }

    public static ExpandedNodeId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an ExpandedNodeId.");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ExpandedNodeId? id)
    {
        id = null;
        if (text is null) return false;
        var rest = text.AsSpan();
        uint server = 0;
        if (rest.StartsWith("svr="))
        {
            var semi = rest.IndexOf(';');
            if (semi < 0 || !uint.TryParse(rest[4..semi], NumberStyles.None, CultureInfo.InvariantCulture, out server)) return false;
            rest = rest[(semi + 1)..];
        }
        if (rest.StartsWith("nsu="))
        {
            // The identifier follows the last ";x=" so that URIs containing ';' still parse.
            var semi = rest.LastIndexOf(';');
            if (semi < 4 || !NodeId.TryParseIdentifier(rest[(semi + 1)..], 0, out var local)) return false;
            id = new ExpandedNodeId(local, rest[4..semi].ToString(), server);
            return true;
        }
        if (!NodeId.TryParse(rest.ToString(), out var nodeId)) return false;
        id = new ExpandedNodeId(nodeId, null, server);
        return true;
    }
}
