using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>Settings of a <see cref="ServerSecureChannel"/>.</summary>
public sealed class ServerSecureChannelOptions
{
    /// <summary>Shortest token lifetime granted; shorter requests are raised to it.</summary>
    public TimeSpan MinLifetime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest token lifetime granted (OPC 10000-4 §5.5.2: the server revises RequestedLifetime).</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long the first OPN may take after HEL/ACK.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Request types whose responses leave in the order the requests arrived, among themselves; other responses go out
    /// as soon as they are ready. Publish by default: a server answers a session's queued Publish requests oldest first,
    /// so arrival order is sequence order, and clients that apply messages as they come (node-opcua) need it.
    /// </summary>
    public IReadOnlySet<uint> ResponsesInRequestOrder { get; init; } = new HashSet<uint> { PublishRequest.BinaryEncodingId };
}
