namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>Section "OpcUa": the OPC UA servers the gateway collects from (written by the CLI tool).</summary>
public sealed class OpcUaOptions
{
    public const string SectionName = "OpcUa";

    public List<OpcUaEndpointOptions> Endpoints { get; set; } = [];
}
