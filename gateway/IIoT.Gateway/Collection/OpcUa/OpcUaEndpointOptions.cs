namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>One OPC UA server; its name is the point source "opcua:{Name}".</summary>
public sealed class OpcUaEndpointOptions
{
    public string Name { get; set; } = "";

    /// <summary>opc.tcp://host:port[/path]; SecurityPolicy None until the stack's security part lands.</summary>
    public string Url { get; set; } = "";

    /// <summary>Anonymous when empty.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Asset path defaults for every node of the endpoint.</summary>
    public string Site { get; set; } = "";

    public string Area { get; set; } = "";

    public string Line { get; set; } = "";

    public List<OpcUaGroupOptions> Groups { get; set; } = [];

    /// <summary>First retry delay after a failed connect; doubles up to <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Outstanding Publish requests kept at the server.</summary>
    public int PublishRequestCount { get; set; } = 3;
}
