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
}
