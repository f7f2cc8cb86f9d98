namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>A node found with TranslateBrowsePathsToNodeIds: "/2:plant1/2:line1/..." or "/nsu=urn:x:plant1/...".</summary>
public sealed class OpcUaBrowsePathOptions
{
    /// <summary>Defaults to the Objects folder (i=85).</summary>
    public string StartNode { get; set; } = "i=85";

    public string Path { get; set; } = "";

    public string? Machine { get; set; }

    /// <summary>Defaults to the last path element's name.</summary>
    public string? Signal { get; set; }

    public string? Unit { get; set; }
}
