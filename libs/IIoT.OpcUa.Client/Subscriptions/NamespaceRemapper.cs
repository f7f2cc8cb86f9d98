using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client;

/// <summary>
/// Re-resolves monitored node ids against a new NamespaceArray: a restarted server may number its namespaces
/// differently, and an index is only meaningful with the array it came from (UA-R04, the Telegraf #13682 lesson).
/// </summary>
internal static class NamespaceRemapper
{
    /// <summary>Updates each item's node id; items whose namespace is gone are Failed (BadNodeIdUnknown) and left out.</summary>
    public static List<MonitoredItem> Remap(IReadOnlyList<string> namespaceUris, IReadOnlyList<MonitoredItem> items)
    {
        var remapped = new List<MonitoredItem>(items.Count);
        foreach (var item in items)
        {
            if (item.NamespaceUri is null || item.NodeId.NamespaceIndex == 0)
            {
                remapped.Add(item);
                continue;
            }

            var index = IndexOf(namespaceUris, item.NamespaceUri);
            if (index < 0)
            {
                item.Fail(StatusCodes.BadNodeIdUnknown);
                continue;
            }

            item.NodeId = WithNamespace(item.NodeId, (ushort)index);
            remapped.Add(item);
        }

        return remapped;
    }

    public static NodeId WithNamespace(NodeId id, ushort namespaceIndex)
    {
        if (id.NamespaceIndex == namespaceIndex)
        {
            return id;
        }

        return id.IdType switch
        {
            NodeIdType.Numeric => new NodeId(id.NumericId, namespaceIndex),
            NodeIdType.String => new NodeId(id.StringId, namespaceIndex),
            NodeIdType.Guid => new NodeId(id.GuidId, namespaceIndex),
            _ => new NodeId(id.OpaqueId, namespaceIndex),
        };
    }

    private static int IndexOf(IReadOnlyList<string> namespaceUris, string uri)
    {
        for (var i = 0; i < namespaceUris.Count; i++)
        {
            if (string.Equals(namespaceUris[i], uri, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
