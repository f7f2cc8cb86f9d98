using System.Net;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>Settings of an <see cref="OpcUaServer"/>. SecurityPolicy None only.</summary>
public sealed class OpcUaServerOptions
{
    /// <summary>Address the listener binds to; <see cref="IPAddress.Any"/> by default.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>TCP port; 0 picks a free one (see <see cref="OpcUaServer.Port"/>).</summary>
    public int Port { get; init; } = 4840;

    /// <summary>
    /// Host name announced in the EndpointUrl and endpoint descriptions. It may differ from the address clients dial
    /// (containers, NAT); clients are expected to cope. Defaults to the machine's host name.
    /// </summary>
    public string? HostName { get; init; }

    public string ApplicationUri { get; init; } = "urn:iiot:opcua:server";

    public string ApplicationName { get; init; } = "IIoT OPC UA Server";

    public string ProductUri { get; init; } = "urn:iiot:opcua";

    public string ManufacturerName { get; init; } = "IIoT";

    public string SoftwareVersion { get; init; } = "1.0";

    public string BuildNumber { get; init; } = "1";

    /// <summary>TCP connections served at once; more are refused with ERR BadTcpServerTooBusy.</summary>
    public int MaxConnections { get; init; } = 100;

    /// <summary>Sessions at once (created, whether activated or not); more get BadTooManySessions.</summary>
    public int MaxSessions { get; init; } = 100;

    /// <summary>RequestedSessionTimeout is revised into [Min, Max] (OPC 10000-4 §5.6.2).</summary>
    public TimeSpan MinSessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxSessionTimeout { get; init; } = TimeSpan.FromHours(1);

    public uint MaxNodesPerRead { get; init; } = 10_000;

    public uint MaxNodesPerWrite { get; init; } = 10_000;

    public uint MaxNodesPerBrowse { get; init; } = 1_000;

    public uint MaxNodesPerTranslateBrowsePathsToNodeIds { get; init; } = 1_000;

    public uint MaxNodesPerRegisterNodes { get; init; } = 10_000;

    /// <summary>Announced in OperationLimits for the subscription services (enforced there).</summary>
    public uint MaxMonitoredItemsPerCall { get; init; } = 10_000;

    /// <summary>Browse continuation points one session may hold; more give BadNoContinuationPoints.</summary>
    public int MaxBrowseContinuationPoints { get; init; } = 10;

    /// <summary>References returned per node when the client asks for no limit (0); the rest via BrowseNext.</summary>
    public uint MaxReferencesPerNode { get; init; } = 1_000;

    /// <summary>User name -> password for UserName login. Never logged.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    public bool AllowAnonymous { get; init; } = true;

    /// <summary>Wrong passwords for one user name within <see cref="FailedLoginWindow"/> before that user is locked out for the window; 0 = no limit.</summary>
    public int MaxFailedLogins { get; init; } = 5;

    public TimeSpan FailedLoginWindow { get; init; } = TimeSpan.FromMinutes(1);

    public TransportLimits TransportLimits { get; init; } = new();

    /// <summary>Limits of the decoders that read requests (string, array, nesting...).</summary>
    public EncodingLimits EncodingLimits { get; init; } = EncodingLimits.Default;

    public ServerSecureChannelOptions ChannelOptions { get; init; } = new();

    /// <summary>How long a new connection may take to send HEL.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Creates the meter "IIoT.OpcUa.Server"; a plain Meter when null.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    /// <summary>Limits and revision bounds of the subscription engine (subscriptions, monitored items, queues).</summary>
    public IIoT.OpcUa.Server.Subscriptions.SubscriptionEngineOptions Subscriptions { get; init; } = new();

    /// <summary>How often idle sessions are checked for expiry.</summary>
    public TimeSpan SessionSweepInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSessions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBrowseContinuationPoints, 0);
        if (MinSessionTimeout <= TimeSpan.Zero || MaxSessionTimeout < MinSessionTimeout)
        {
            throw new ArgumentException("Session timeouts need 0 < MinSessionTimeout <= MaxSessionTimeout.");
        }

        ArgumentException.ThrowIfNullOrEmpty(ApplicationUri);
        TransportLimits.Validate();
    }
}
