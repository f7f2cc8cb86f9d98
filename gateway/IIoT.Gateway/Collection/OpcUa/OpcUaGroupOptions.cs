namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>Items sharing one subscription and one set of sampling parameters.</summary>
public sealed class OpcUaGroupOptions
{
    public string Name { get; set; } = "default";

    public TimeSpan SamplingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan PublishingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public uint QueueSize { get; set; } = 10;

    /// <summary>None, Absolute or Percent (of the EURange).</summary>
    public string DeadbandType { get; set; } = "None";

    public double DeadbandValue { get; set; }

    public List<OpcUaNodeOptions> Nodes { get; set; } = [];

    public List<OpcUaBrowsePathOptions> BrowsePaths { get; set; } = [];

    public List<OpcUaFolderOptions> Folders { get; set; } = [];
}
