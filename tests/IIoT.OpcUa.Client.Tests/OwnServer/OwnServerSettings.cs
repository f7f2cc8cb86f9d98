using System.Diagnostics.Metrics;
using System.Net;
using IIoT.OpcUa.Server;
using IIoT.OpcUa.Server.Subscriptions;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>
/// What a test varies in its <see cref="OwnServerHost"/>; the rest of <see cref="OpcUaServerOptions"/> is fixed (loopback,
/// user <see cref="OwnServerHost.UserName"/>, 1 s minimum session timeout, fast session sweep and sampling).
/// </summary>
internal sealed record OwnServerSettings
{
    public int BulkVariables { get; init; }

    public bool AllowAnonymous { get; init; } = true;

    public uint MaxNodesPerRead { get; init; } = 10_000;

    public uint MaxNodesPerBrowse { get; init; } = 1_000;

    public uint MaxMonitoredItemsPerCall { get; init; } = 10_000;

    public int MaxBrowseContinuationPoints { get; init; } = 10;

    public uint MaxReferencesPerNode { get; init; } = 1_000;

    public double MinSamplingInterval { get; init; } = 10;

    public uint MaxNotificationsPerPublish { get; init; } = 10_000;

    public double MinPublishingInterval { get; init; } = 20;

    public int MaxPublishRequestsPerSession { get; init; } = 10;

    public TimeSpan MaxSessionTimeout { get; init; } = TimeSpan.FromHours(1);

    public int MaxSessions { get; init; } = 100;

    public OpcUaServerOptions ToOptions(int port, IMeterFactory meter) => new()
    {
        BindAddress = IPAddress.Loopback,
        Port = port,
        HostName = "localhost",
        ApplicationUri = "urn:iiot:test:own-server:app",
        Users = new Dictionary<string, string> { [OwnServerHost.UserName] = OwnServerHost.Password },
        AllowAnonymous = AllowAnonymous,
        MinSessionTimeout = TimeSpan.FromSeconds(1),
        MaxSessionTimeout = MaxSessionTimeout,
        MaxSessions = MaxSessions,
        SessionSweepInterval = TimeSpan.FromMilliseconds(200),
        MaxNodesPerRead = MaxNodesPerRead,
        MaxNodesPerBrowse = MaxNodesPerBrowse,
        MaxMonitoredItemsPerCall = MaxMonitoredItemsPerCall,
        MaxBrowseContinuationPoints = MaxBrowseContinuationPoints,
        MaxReferencesPerNode = MaxReferencesPerNode,
        MeterFactory = meter,
        Subscriptions = new SubscriptionEngineOptions
        {
            MinSamplingInterval = MinSamplingInterval,
            MinPublishingInterval = MinPublishingInterval,
            MaxPublishRequestsPerSession = MaxPublishRequestsPerSession,
            MaxNotificationsPerPublish = MaxNotificationsPerPublish,
        },
    };
}
