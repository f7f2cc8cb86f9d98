using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// What one group has subscribed on the current session, so that it can be re-resolved after a server restart:
/// every node monitored in any of the group's subscriptions (keyed in the namespace indexes of <see cref="Namespaces"/>),
/// and the group's current failures.
/// </summary>
internal sealed class OpcUaGroupState(OpcUaGroupOptions group, IReadOnlyList<string> namespaces)
{
    public OpcUaGroupOptions Group { get; } = group;

    public IReadOnlyList<string> Namespaces { get; private set; } = namespaces;

    /// <summary>Nodes monitored by the group (the item that made them), whether or not they still exist.</summary>
    public Dictionary<NodeId, OpcUaItem> Known { get; private set; } = [];

    public List<OpcUaItemFailure> Failures { get; set; } = [];

    /// <summary>Nodes of <see cref="Known"/> that the last resolution no longer found.</summary>
    public int Gone { get; set; }

    public int Monitored => Known.Count - Gone;

    /// <summary>
    /// Re-keys <see cref="Known"/> to a new NamespaceArray (the server restarted and may have put its namespaces in a new
    /// order), the way the client remaps its monitored items. A namespace the server no longer has keeps its old index.
    /// </summary>
    public void Remap(IReadOnlyList<string> namespaces)
    {
        if (Namespaces.SequenceEqual(namespaces, StringComparer.Ordinal))
        {
            return;
        }
        var remapped = new Dictionary<NodeId, OpcUaItem>(Known.Count);
        foreach (var (id, item) in Known)
        {
            var index = id.NamespaceIndex;
            var moved = index != 0 && index < Namespaces.Count ? IndexOf(namespaces, Namespaces[index]) : -1;
            remapped[moved >= 0 && moved != index ? OpcUaNames.WithNamespace(id, (ushort)moved) : id] = item;
        }
        Known = remapped;
        Namespaces = namespaces;
    }

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
