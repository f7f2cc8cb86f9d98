using IIoT.OpcUa.Stack.Services;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using IIoT.OpcUa.Types;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Server;

/// <summary>
/// All sessions of a server, found by authentication token. Expires sessions that have had no request for longer
/// than their revised timeout (requests still in progress, such as a held Publish, count as activity).
/// </summary>
internal sealed class SessionManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<NodeId, ServerSession> _byToken = new();
    private readonly OpcUaServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _createLock = new();
    private readonly Task _sweeper;

    public SessionManager(OpcUaServerOptions options, ILogger logger)
    {
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
        _sweeper = SweepAsync(_stop.Token);
    }

    /// <summary>Raised after a session was closed by the client (its flag) or expired (false).</summary>
    public event Action<ServerSession, bool>? SessionClosed;

    public int Count => _byToken.Count;

    public long Now => _time.GetTimestamp();

    public ServerSession Create(string? sessionName, double requestedTimeoutMs, uint channelId, string? clientApplicationUri)
    {
        var requested = double.IsNaN(requestedTimeoutMs) || requestedTimeoutMs <= 0 ? _options.MinSessionTimeout : TimeSpan.FromMilliseconds(Math.Min(requestedTimeoutMs, 1e12));
        var timeout = requested < _options.MinSessionTimeout ? _options.MinSessionTimeout
            : requested > _options.MaxSessionTimeout ? _options.MaxSessionTimeout
            : requested;
        var session = new ServerSession(
            new NodeId(Guid.NewGuid(), 1),
            new NodeId(RandomNumberGenerator.GetBytes(32), 1),
            string.IsNullOrEmpty(sessionName) ? "session" : sessionName,
            timeout,
            channelId,
            clientApplicationUri,
            Now,
            _options.MaxBrowseContinuationPoints);
        lock (_createLock)
        {
            if (_byToken.Count >= _options.MaxSessions)
            {
                throw new ServiceResultException(StatusCodes.BadTooManySessions);
            }

            _byToken[session.AuthenticationToken] = session;
        }

        Log.SessionCreated(_logger, session.SessionId, session.SessionName, timeout.TotalMilliseconds, channelId);
        return session;
    }

    /// <summary>
    /// The session for <paramref name="token"/> as a service on <paramref name="channelId"/> needs it: Good, or
    /// BadSessionIdInvalid (unknown or closed), BadSessionNotActivated, BadSecureChannelIdInvalid (another channel).
    /// </summary>
    public uint Validate(NodeId? token, uint channelId, bool requireActivated, out ServerSession? session)
    {
        session = null;
        if (token is null || !_byToken.TryGetValue(token, out var found) || found.IsClosed)
        {
            return StatusCodes.BadSessionIdInvalid;
        }

        if (requireActivated && !found.IsActivated)
        {
            return StatusCodes.BadSessionNotActivated;
        }

        if (found.ChannelId != channelId)
        {
            return StatusCodes.BadSecureChannelIdInvalid;
        }

        session = found;
        return StatusCodes.Good;
    }

    public bool TryFind(NodeId? token, out ServerSession? session)
    {
        session = null;
        if (token is null || !_byToken.TryGetValue(token, out var found) || found.IsClosed)
        {
            return false;
        }

        session = found;
        return true;
    }

    public void Close(ServerSession session, bool deleteSubscriptions, string reason)
    {
        if (!session.TryClose())
        {
            return;
        }

        _byToken.TryRemove(session.AuthenticationToken, out _);
        session.ContinuationPoints.Clear();
        Log.SessionClosed(_logger, session.SessionId, reason, deleteSubscriptions);
        try
        {
            SessionClosed?.Invoke(session, deleteSubscriptions);
        }
        catch (Exception e)
        {
            Log.SessionClosedHandlerFailed(_logger, e, session.SessionId);
        }
    }

    /// <summary>Closes every session whose timeout has passed; called by the sweeper.</summary>
    public void ExpireIdle()
    {
        foreach (var session in _byToken.Values)
        {
            if (session.Outstanding == 0 && _time.GetElapsedTime(session.LastActivity) > session.Timeout)
            {
                // OPC 10000-4 §5.7.4 (CloseSession, v1.05): only CloseSession with deleteSubscriptions deletes them; a
                // session the server terminates for any other reason leaves its subscriptions to their own lifetime,
                // so that a client can still take them over with TransferSubscriptions from a new session.
                Close(session, deleteSubscriptions: false, "timeout");
            }
        }
    }

    /// <summary>Stops the expiry sweep and closes every session (deleteSubscriptions: true, the server is going away).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sweeper.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        foreach (var session in _byToken.Values)
        {
            Close(session, deleteSubscriptions: true, "server shutdown");
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.SessionSweepInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                ExpireIdle();
            }
            catch (Exception e)
            {
                Log.SessionSweepFailed(_logger, e);
            }
        }
    }
}
