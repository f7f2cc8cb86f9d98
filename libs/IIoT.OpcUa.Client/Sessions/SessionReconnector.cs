using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client;

/// <summary>
/// The reconnect ladder of a <see cref="UaSession"/>, one run per lost connection, retried with the
/// <see cref="ReconnectPolicy"/> backoff until it succeeds or the session is disposed:
/// new channel -> ActivateSession of the same session (UA-R01) -> else a new session (UA-R03/R04) -> install, which
/// republishes, transfers or recreates the subscriptions before publishing resumes.
/// </summary>
internal sealed class SessionReconnector(UaSession session, SessionConnector connector) : IAsyncDisposable
{
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Random _random = new();
    private ConnectedChannel? _lost;
    private Task? _loop;

    public void Start() => _loop = Task.Run(() => LoopAsync(session.Disposed));

    public void Trigger(ConnectedChannel lost)
    {
        Volatile.Write(ref _lost, lost);
        _signal.Release();
    }

    /// <summary>Channel, endpoint, CreateSession, ActivateSession: the first connect, or a new session on a new channel.</summary>
    public async Task<ConnectedChannel> NewSessionAsync(CancellationToken cancellationToken)
    {
        var channel = await connector.OpenChannelAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connector.SelectEndpointAsync(channel, cancellationToken).ConfigureAwait(false);
            var (sessionId, token) = await connector.CreateAndActivateSessionAsync(channel, cancellationToken).ConfigureAwait(false);
            return new ConnectedChannel(channel, sessionId, token);
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _signal.Dispose();
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await _signal.WaitAsync(stop).ConfigureAwait(false);
            var lost = Volatile.Read(ref _lost);
            if (lost is null || !lost.IsLost || !ReferenceEquals(session.Current, lost))
            {
                continue; // a late report about a connection already replaced
            }

            await ReconnectAsync(lost, stop).ConfigureAwait(false);
        }
    }

    private async Task ReconnectAsync(ConnectedChannel lost, CancellationToken stop)
    {
        await DisposeQuietlyAsync(lost).ConfigureAwait(false);
        var reuse = lost;
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            ClientSecureChannel? channel = null;
            ConnectedChannel? installed = null;
            try
            {
                channel = await connector.OpenChannelAsync(stop).ConfigureAwait(false);
                SessionState state;
                ConnectedChannel next;
                try
                {
                    await connector.ActivateSessionAsync(channel, reuse.AuthenticationToken, stop).ConfigureAwait(false);
                    next = new ConnectedChannel(channel, reuse.SessionId, reuse.AuthenticationToken);
                    state = SessionState.Reconnected;
                }
                catch (ServiceResultException e) when (!IsChannelBroken(channel, e.StatusCode))
                {
                    // BadSessionIdInvalid and friends: the session expired or the server restarted (UA-R03/R04).
                    session.Logger.ActivateRefused(reuse.SessionId.ToString(), e.StatusName);
                    var (sessionId, token) = await connector.CreateAndActivateSessionAsync(channel, stop).ConfigureAwait(false);
                    next = new ConnectedChannel(channel, sessionId, token);
                    state = SessionState.SessionRecreated;
                }

                channel = null; // owned by next from here on
                installed = next;
                await session.InstallAsync(next, state, stop).ConfigureAwait(false);
                session.Logger.Reconnected(state.ToString(), attempt + 1);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                session.Logger.ReconnectAttemptFailed(attempt + 1, e.Message);
                if (channel is not null)
                {
                    await channel.DisposeAsync().ConfigureAwait(false);
                }

                if (installed is not null)
                {
                    // Installed but its recovery failed: the next attempt reactivates this session on a fresh channel.
                    reuse = installed;
                    installed.MarkLost();
                    await DisposeQuietlyAsync(installed).ConfigureAwait(false);
                }
            }

            await Task.Delay(connector.Options.Reconnect.DelayFor(attempt, _random), session.Time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static bool IsChannelBroken(ClientSecureChannel channel, uint statusCode) =>
        channel.Failure is not null || statusCode is StatusCodes.BadTimeout or StatusCodes.BadConnectionClosed or StatusCodes.BadCommunicationError
            or StatusCodes.BadSecureChannelClosed or StatusCodes.BadNotConnected or StatusCodes.BadTcpSecureChannelUnknown;

    private async Task DisposeQuietlyAsync(ConnectedChannel connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            session.Logger.ChannelCloseFailed(e.Message);
        }
    }
}
