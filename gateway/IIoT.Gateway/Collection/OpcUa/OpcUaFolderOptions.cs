namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>Subtree discovery: every Variable below Root over hierarchical references, to MaxDepth.</summary>
public sealed class OpcUaFolderOptions
{
    public string Root { get; set; } = "";

    public int MaxDepth { get; set; } = 5;

    /// <summary>Comma-separated wildcards ('*', '?') on the variable's BrowseName; "*" = all.</summary>
    public string Include { get; set; } = "*";

    /// <summary>Comma-separated wildcards; empty = none excluded.</summary>
    public string Exclude { get; set; } = "";

    /// <summary>The browse-path segment below Root (1-based) that names the machine; 0 = no machine.</summary>
    public int MachineLevel { get; set; } = 1;
}
