using IIoT.OpcUa.Stack.Transport;

namespace IIoT.OpcUa.Client;

/// <summary>Settings of a <see cref="UaSession"/>. Durations are <see cref="TimeSpan"/>s.</summary>
public sealed class ClientOptions
{
    /// <summary>opc.tcp://host:port[/path]. This host and port are always dialled, whatever the server announces.</summary>
    public required string EndpointUrl { get; init; }

    /// <summary>Anonymous, or a user name and password (the same identity is used on every reactivation).</summary>
    public UserIdentity Identity { get; init; } = UserIdentity.Anonymous;

    /// <summary>The session name the server shows in its diagnostics.</summary>
    public string SessionName { get; init; } = "IIoT gateway";

    /// <summary>Our ApplicationUri in CreateSession (ApplicationDescription).</summary>
    public string ApplicationUri { get; init; } = "urn:iiot:gateway";

    public string ApplicationName { get; init; } = "IIoT gateway";

    /// <summary>Timeout of one service call (sent to the server as TimeoutHint too).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of connect: TCP, HEL/ACK, OPN, GetEndpoints, CreateSession, ActivateSession.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Requested session timeout; the server revises it.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often an idle session reads ServerStatus/State to notice a dead connection; at most half the session timeout
    /// the server granted, so an idle session never expires.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Publish requests kept outstanding while subscriptions exist (UA-R09, UA-R13).</summary>
    public int PublishRequestCount { get; init; } = 3;

    /// <summary>
    /// Added to the revised keep-alive period (keep-alive count × publishing interval) before the publish watchdog
    /// declares the connection dead (UA-R08).
    /// </summary>
    public TimeSpan KeepAliveMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Per-call limits that override the server's (null = use the server's).</summary>
    public OperationLimits? OperationLimits { get; init; }

    /// <summary>Batch size when the server names no limit (0): keeps messages under the 4 MiB default.</summary>
    public uint DefaultBatchSize { get; init; } = 2500;

    /// <summary>Backoff between reconnect attempts (exponential, jittered, capped).</summary>
    public ReconnectPolicy Reconnect { get; init; } = new();

    /// <summary>Automatic reconnect after a lost connection; false leaves the session Disconnected.</summary>
    public bool AutoReconnect { get; init; } = true;

    /// <summary>What we offer in HEL: buffer sizes, maximum message size (4 MiB) and chunk count.</summary>
    public TransportLimits TransportLimits { get; init; } = new();

    /// <summary>Requested secure channel token lifetime.</summary>
    public TimeSpan ChannelLifetime { get; init; } = TimeSpan.FromMinutes(10);
}
