namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>Settings of a <see cref="ClientSecureChannel"/>.</summary>
public sealed class ClientSecureChannelOptions
{
    /// <summary>Lifetime asked for in OPN; the server revises it.</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Fraction of the revised lifetime after which the token is renewed (OPC 10000-6 §6.7.4: 75 %).</summary>
    public double RenewAt { get; init; } = 0.75;

    /// <summary>How long OPN may wait for its response.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
