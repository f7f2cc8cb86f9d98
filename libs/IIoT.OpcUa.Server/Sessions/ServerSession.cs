using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>
/// One session (OPC 10000-4 §5.6). It is bound to the secure channel it was last activated on; activating it on a
/// new channel moves it there, which is how a client resumes after a lost connection.
/// </summary>
public sealed class ServerSession
{
    private readonly CancellationTokenSource _closing = new();
    private uint _channelId;
    private int _activated;
    private int _closed;
    private int _outstanding;
    private long _lastActivity;

    internal ServerSession(NodeId sessionId, NodeId authenticationToken, string sessionName, TimeSpan timeout, uint channelId,
        string? clientApplicationUri, long now, int maxContinuationPoints)
    {
        SessionId = sessionId;
        AuthenticationToken = authenticationToken;
        SessionName = sessionName;
        Timeout = timeout;
        _channelId = channelId;
        ClientApplicationUri = clientApplicationUri;
        _lastActivity = now;
        ContinuationPoints = new ContinuationPoints(maxContinuationPoints);
    }

    /// <summary>The public id (CreateSessionResponse.SessionId); subscriptions belong to it.</summary>
    public NodeId SessionId { get; }

    /// <summary>The secret the client puts in every RequestHeader; never logged.</summary>
    internal NodeId AuthenticationToken { get; }

    public string SessionName { get; }

    /// <summary>The revised session timeout.</summary>
    public TimeSpan Timeout { get; }

    public string? ClientApplicationUri { get; }

    /// <summary>SecureChannelId the session is bound to.</summary>
    public uint ChannelId => Volatile.Read(ref _channelId);

    public bool IsActivated => Volatile.Read(ref _activated) != 0;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Cancelled when the session closes (CloseSession, expiry, shutdown). The service table links it into every
    /// handler's token and answers a request cancelled by it with BadSessionClosed (OPC 10000-4 §5.7.1).
    /// </summary>
    public CancellationToken Closed => _closing.Token;

    /// <summary>User name of the last activation; null for anonymous.</summary>
    public string? UserName { get; private set; }

    internal byte[] ServerNonce { get; set; } = [];

    internal ContinuationPoints ContinuationPoints { get; }

    internal int Outstanding => Volatile.Read(ref _outstanding);

    internal long LastActivity => Interlocked.Read(ref _lastActivity);

    internal void Activate(uint channelId, string? userName)
    {
        UserName = userName;
        Volatile.Write(ref _channelId, channelId);
        Volatile.Write(ref _activated, 1);
    }

    internal bool TryClose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        _closing.Cancel();
        return true;
    }

    internal void BeginRequest(long now)
    {
        Interlocked.Increment(ref _outstanding);
        Interlocked.Exchange(ref _lastActivity, now);
    }

    internal void EndRequest(long now)
    {
        Interlocked.Exchange(ref _lastActivity, now);
        Interlocked.Decrement(ref _outstanding);
    }

    public override string ToString() => $"session {SessionId} '{SessionName}'";
}
