using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>A configured item resolved to a node of the current session, with what its points carry.</summary>
/// <remarks>
/// A Folders rule can yield 100,000 items, so an item keeps only shared pieces of its origin (the rule's text and the
/// parent's path, one string per browsed folder) and builds the full text when a message needs it.
/// </remarks>
internal sealed class OpcUaItem
{
    private readonly string _origin;
    private readonly string? _parentPath;
    private readonly string? _leaf;

    /// <param name="origin">Where it came from in the configuration (e.g. "Nodes:0 nsu=...;s=x"), or the Folders rule.</param>
    /// <param name="parentPath">For a Folders item: the path of its parent below the root ("m01/" or ""), shared with its siblings.</param>
    public OpcUaItem(string origin, NodeId nodeId, string machine, string signal, string? unit, string? parentPath = null)
    {
        _origin = origin;
        _parentPath = parentPath;
        _leaf = parentPath is null ? null : signal;
        NodeId = nodeId;
        Machine = machine;
        Signal = signal;
        Unit = unit;
    }

    /// <summary>Where it came from in the configuration, for messages (e.g. "Nodes:0 nsu=...;s=x" or "Folders:0 ... /m01/temperature").</summary>
    public string Origin => _parentPath is null ? _origin : $"{_origin} /{_parentPath}{_leaf}";

    public NodeId NodeId { get; }

    public string Machine { get; }

    public string Signal { get; set; }

    public string? Unit { get; set; }
}
