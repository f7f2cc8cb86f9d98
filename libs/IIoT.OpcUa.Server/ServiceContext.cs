using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>What a service handler knows about the request besides its body.</summary>
public sealed class ServiceContext
{
    internal ServiceContext(ServerSession? session, uint channelId, RequestHeader requestHeader)
    {
        Session = session;
        ChannelId = channelId;
        RequestHeader = requestHeader;
    }

    /// <summary>The activated session bound to this channel; null for services registered without a session.</summary>
    public ServerSession? Session { get; }

    /// <summary>SecureChannelId the request arrived on.</summary>
    public uint ChannelId { get; }

    public RequestHeader RequestHeader { get; }

    /// <summary>The session, for handlers registered with requiresSession: true.</summary>
    public ServerSession RequiredSession => Session ?? throw new InvalidOperationException("This service was registered without a session.");
}
