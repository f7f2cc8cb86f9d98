namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>An explicit node: "nsu=&lt;uri&gt;;s=..." (resolved against the server's NamespaceArray) or "ns=&lt;index&gt;;...".</summary>
public sealed class OpcUaNodeOptions
{
    public string NodeId { get; set; } = "";

    public string? Machine { get; set; }

    /// <summary>Defaults to the node's BrowseName.</summary>
    public string? Signal { get; set; }

    /// <summary>From the node's EngineeringUnits property when not given.</summary>
    public string? Unit { get; set; }
}
