using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>A configured item resolved to a node of the current session, with what its points carry.</summary>
/// <param name="Origin">Where it came from in the configuration, for messages (e.g. "Nodes:0 nsu=...;s=x").</param>
internal sealed record OpcUaItem(string Origin, NodeId NodeId, string Machine, string Signal, string? Unit)
{
    public string Signal { get; set; } = Signal;

    public string? Unit { get; set; } = Unit;
}
