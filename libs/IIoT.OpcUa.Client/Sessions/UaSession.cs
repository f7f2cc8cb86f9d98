using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.OpcUa.Client;

/// <summary>
/// An OPC UA client session over SecurityPolicy None (OPC 10000-4 §5.6): connect, call services, publish, and
/// reconnect by itself. A lost connection runs the reconnect ladder (<see cref="SessionReconnector"/>): a new channel
/// and ActivateSession of the same session, Republish of what was missed (UA-R01); if the session is gone, a new one,
/// TransferSubscriptions, or recreated subscriptions with a data gap (UA-R03, UA-R04). Calls made while reconnecting
/// wait for the connection up to their timeout.
/// </summary>
public sealed class UaSession : IAsyncDisposable
{
    private readonly SessionConnector _connector;
    private readonly SessionReconnector _reconnector;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource<ConnectedChannel> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectedChannel? _current;
    private Task? _keepAlive;
    private int _reconnects;

    private UaSession(ClientOptions options, ILogger logger, TimeProvider time)
    {
        Options = options;
        Logger = logger;
        Time = time;
        _connector = new SessionConnector(options, EndpointAddress.Parse(options.EndpointUrl), logger, time);
        Publisher = new PublishEngine(this, options);
        _reconnector = new SessionReconnector(this, _connector);
    }

    /// <summary>Raised on every state change (Connected, Reconnecting, Reconnected, SessionRecreated, Closed).</summary>
    public event EventHandler<SessionStateChangedEventArgs>? StateChanged;

    /// <summary>Raised when notifications are known to be missing (the same gap also appears in the subscription's stream).</summary>
    public event EventHandler<DataGap>? DataGap;

    /// <summary>Raised for a StatusChangeNotification of a subscription (transferred away, lifetime expired).</summary>
    public event EventHandler<SubscriptionStatusEventArgs>? SubscriptionStatusChanged;

    public ClientOptions Options { get; }

    public SessionState State { get; private set; }

    /// <summary>The server's id of the current session.</summary>
    public NodeId SessionId => _current?.SessionId ?? NodeId.Null;

    /// <summary>The server's limits with <see cref="ClientOptions.OperationLimits"/> applied, read on connect.</summary>
    public OperationLimits OperationLimits { get; private set; } = new();

    /// <summary>The server's NamespaceArray, read on connect and after every new session.</summary>
    public IReadOnlyList<string> NamespaceUris { get; private set; } = ["http://opcfoundation.org/UA/"];

    /// <summary>Successful reconnects so far (same or new session).</summary>
    public int ReconnectCount => Volatile.Read(ref _reconnects);

    /// <summary>Publish requests allowed in flight now (lowered by BadTooManyPublishRequests).</summary>
    public int PublishRequestsAllowed => Publisher.AllowedInFlight;

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    internal PublishEngine Publisher { get; }

    internal CancellationToken Disposed => _disposed.Token;

    internal ConnectedChannel? Current => _current;

    /// <summary>Connects, creates and activates a session; throws <see cref="ServiceResultException"/> naming the failure.</summary>
    public static async Task<UaSession> ConnectAsync(ClientOptions options, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = new UaSession(options, logger ?? NullLogger.Instance, time ?? TimeProvider.System);
        try
        {
            var connection = await session._reconnector.NewSessionAsync(cancellationToken).ConfigureAwait(false);
            await session.InstallAsync(connection, SessionState.Connected, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        session.Publisher.Start();
        session._reconnector.Start();
        session._keepAlive = Task.Run(() => session.KeepAliveAsync(session._disposed.Token));
        return session;
    }

    /// <summary>
    /// Sends <paramref name="request"/> with a stamped RequestHeader and <see cref="ClientOptions.RequestTimeout"/>;
    /// a ServiceFault, a bad ServiceResult or a failure of the connection throws <see cref="ServiceResultException"/>.
    /// </summary>
    public Task<TResponse> CallAsync<TResponse>(IServiceRequest request, CancellationToken cancellationToken = default)
        where TResponse : class, IServiceResponse, IEncodeable<TResponse>, new() =>
        CallAsync<TResponse>(request, Options.RequestTimeout, cancellationToken);

    internal async Task<TResponse> CallAsync<TResponse>(IServiceRequest request, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : class, IServiceResponse, IEncodeable<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = await WaitReadyAsync(timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ServiceCaller.CallAsync<TResponse>(connection.Channel, connection.AuthenticationToken, request, timeout, Time, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ServiceResultException e) when (IsConnectionFailure(e.StatusCode) || connection.Channel.Failure is not null)
        {
            ReportLost(connection, e);
            throw;
        }
    }

    /// <summary>Creates a subscription (revised values in its properties) and starts publishing for it.</summary>
    public async Task<Subscription> CreateSubscriptionAsync(SubscriptionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var subscription = new Subscription(this, options);
        await subscription.CreateOnServerAsync(cancellationToken).ConfigureAwait(false);
        Publisher.Add(subscription);
        return subscription;
    }

    /// <summary>
    /// Takes over a subscription an earlier process created, e.g. before it was killed (same user; servers refuse an
    /// anonymous transfer): TransferSubscriptions without initial values, Republish of the messages the server still holds
    /// unacknowledged, then publishing as usual. If the server refuses (BadSubscriptionIdInvalid, BadUserAccessDenied, ...)
    /// a new subscription is created with the same client handles and a <see cref="DataGap"/>
    /// (<see cref="DataGapReason.SubscriptionRecreated"/>, from <see cref="SubscriptionTakeover.LostSince"/> to now) is
    /// the first entry of its stream. <see cref="Subscription.Takeover"/> tells which happened. A lost connection throws.
    /// </summary>
    public async Task<Subscription> TakeOverSubscriptionAsync(SubscriptionTakeover takeover, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(takeover);
        var subscription = new Subscription(this, takeover.Options);
        subscription.AdoptItems(takeover.Items);
        await subscription.TakeOverAsync(takeover.SubscriptionId, takeover.LostSince, cancellationToken).ConfigureAwait(false);
        return subscription;
    }

    /// <summary>The batch size for a per-call limit (0 = the server named none: <see cref="ClientOptions.DefaultBatchSize"/>).</summary>
    internal uint BatchLimit(uint limit) => limit != 0 ? limit : Math.Max(1, Options.DefaultBatchSize);

    /// <summary>Closes the session on the server (deleting its subscriptions) and the channel; no reconnect follows.</summary>
    public ValueTask DisposeAsync() => CloseAsync(deleteSubscriptions: true);

    /// <summary>
    /// Closes the session and the channel; no reconnect follows. With <paramref name="deleteSubscriptions"/> false the
    /// server keeps the subscriptions for their lifetime (<see cref="SubscriptionOptions.MinLifetime"/>), so that the next
    /// process of the same user takes them over (<see cref="TakeOverSubscriptionAsync"/>) with the values sampled meanwhile
    /// and the messages never acknowledged: a clean stop for an upgrade or a restart then loses nothing and records no gap.
    /// Later calls (and <see cref="DisposeAsync"/>) do nothing.
    /// </summary>
    public async ValueTask CloseAsync(bool deleteSubscriptions)
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        await _reconnector.DisposeAsync().ConfigureAwait(false);
        await Publisher.DisposeAsync().ConfigureAwait(false);
        if (_keepAlive is not null)
        {
            await _keepAlive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var current = _current;
        if (current is not null)
        {
            if (!current.IsLost)
            {
                try
                {
                    await ServiceCaller.CallAsync<CloseSessionResponse>(current.Channel, current.AuthenticationToken,
                        new CloseSessionRequest { DeleteSubscriptions = deleteSubscriptions }, TimeSpan.FromSeconds(5), Time, CancellationToken.None).ConfigureAwait(false);
                }
                catch (ServiceResultException e)
                {
                    Logger.CloseSessionFailed(e.StatusName);
                }
            }

            await current.DisposeAsync().ConfigureAwait(false);
        }

        SetState(SessionState.Closed, null);
        lock (_lock)
        {
            // Later calls fail with a status instead of reaching a disposed channel.
            _ready = new TaskCompletionSource<ConnectedChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ready.TrySetException(new ServiceResultException(StatusCodes.BadSessionClosed, "The session was disposed."));
        }

        _disposed.Dispose();
    }

    internal static bool IsConnectionFailure(uint statusCode) => statusCode is
        StatusCodes.BadConnectionClosed or StatusCodes.BadCommunicationError or StatusCodes.BadSecureChannelClosed
        or StatusCodes.BadNotConnected or StatusCodes.BadSecureChannelIdInvalid or StatusCodes.BadTcpSecureChannelUnknown
        or StatusCodes.BadSessionIdInvalid or StatusCodes.BadSessionClosed or StatusCodes.BadSessionNotActivated
        or StatusCodes.BadSecureChannelTokenUnknown or StatusCodes.BadServerHalted;

    /// <summary>Marks <paramref name="connection"/> dead (once) and wakes the reconnect ladder.</summary>
    internal void ReportLost(ConnectedChannel connection, Exception reason)
    {
        if (!connection.MarkLost())
        {
            return;
        }

        lock (_lock)
        {
            if (!ReferenceEquals(_current, connection))
            {
                return;
            }

            if (_ready.Task.IsCompleted)
            {
                _ready = new TaskCompletionSource<ConnectedChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        Publisher.Pause();
        Logger.ConnectionLost(reason.Message);
        if (Options.AutoReconnect && !_disposed.IsCancellationRequested)
        {
            SetState(SessionState.Reconnecting, reason);
            _reconnector.Trigger(connection);
        }
        else
        {
            SetState(SessionState.Closed, reason);
        }
    }

    /// <summary>Makes <paramref name="connection"/> current: calls go through it; publishing resumes after recovery.</summary>
    internal async Task InstallAsync(ConnectedChannel connection, SessionState state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _current = connection;
            if (_ready.Task.IsCompleted)
            {
                _ready = new TaskCompletionSource<ConnectedChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _ready.TrySetResult(connection);
        }

        var sameSession = state == SessionState.Reconnected;
        if (!sameSession)
        {
            await ReadServerInfoAsync(cancellationToken).ConfigureAwait(false);
        }

        if (state != SessionState.Connected)
        {
            await Publisher.RecoverAsync(sameSession, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _reconnects);
        }

        Publisher.Resume(connection);
        SetState(state, null);
    }

    internal void RaiseDataGap(DataGap gap) => Raise(() => DataGap?.Invoke(this, gap));

    internal void RaiseSubscriptionStatus(SubscriptionStatusEventArgs args) => Raise(() => SubscriptionStatusChanged?.Invoke(this, args));

    private void SetState(SessionState state, Exception? reason)
    {
        State = state;
        Logger.StateChanged(state.ToString(), reason?.Message);
        Raise(() => StateChanged?.Invoke(this, new SessionStateChangedEventArgs(state, reason)));
    }

    private void Raise(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception e)
        {
            // A handler's bug must not break publishing or the reconnect ladder.
            Logger.EventHandlerFailed(e);
        }
    }

    private async Task<ConnectedChannel> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task<ConnectedChannel> ready;
        lock (_lock)
        {
            ready = _ready.Task;
        }

        if (ready.IsCompletedSuccessfully)
        {
            return ready.Result;
        }

        try
        {
            return await ready.WaitAsync(timeout, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ServiceResultException(StatusCodes.BadNotConnected, $"Not reconnected within {timeout.TotalMilliseconds} ms.");
        }
    }

    /// <summary>NamespaceArray and the OperationLimits, in one Read.</summary>
    private async Task ReadServerInfoAsync(CancellationToken cancellationToken)
    {
        uint[] ids =
        [
            VariableIds.Server_NamespaceArray,
            VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead,
            VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerWrite,
            VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerBrowse,
            VariableIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall,
            VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerTranslateBrowsePathsToNodeIds,
        ];
        var nodes = new ReadValueId[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            nodes[i] = new ReadValueId { NodeId = new NodeId(ids[i]), AttributeId = AttributeIds.Value };
        }

        var response = await CallAsync<ReadResponse>(new ReadRequest { NodesToRead = nodes, TimestampsToReturn = TimestampsToReturn.Neither }, cancellationToken)
            .ConfigureAwait(false);
        var results = response.Results ?? [];
        if (results.Length != ids.Length)
        {
            throw new ServiceResultException(StatusCodes.BadUnexpectedError, $"Read of the server's namespaces and limits answered {results.Length} results.");
        }

        if (results[0].Value.Value is string?[] uris)
        {
            var list = new string[uris.Length];
            for (var i = 0; i < uris.Length; i++)
            {
                list[i] = uris[i] ?? "";
            }

            NamespaceUris = list;
        }

        OperationLimits = new OperationLimits
        {
            MaxNodesPerRead = Limit(results[1]),
            MaxNodesPerWrite = Limit(results[2]),
            MaxNodesPerBrowse = Limit(results[3]),
            MaxMonitoredItemsPerCall = Limit(results[4]),
            MaxNodesPerTranslateBrowsePathsToNodeIds = Limit(results[5]),
        }.With(Options.OperationLimits);
        Logger.ServerInfoRead(NamespaceUris.Count, OperationLimits.ToString());
    }

    private static uint Limit(DataValue value) => value.Status.IsGood && value.Value.Value is uint limit ? limit : 0;

    /// <summary>
    /// The idle read interval: the configured one, but at most half the session timeout the server granted, which may
    /// be far below the requested one; otherwise an idle session without subscriptions expires between two reads.
    /// </summary>
    private TimeSpan KeepAliveDelay()
    {
        var half = _connector.RevisedSessionTimeout / 2;
        return half > TimeSpan.Zero && half < Options.KeepAliveInterval ? half : Options.KeepAliveInterval;
    }

    private async Task KeepAliveAsync(CancellationToken stop)
    {
        var node = new NodeId(VariableIds.Server_ServerStatus_State);
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(KeepAliveDelay(), Time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var current = _current;
            if (stop.IsCancellationRequested || current is null || current.IsLost)
            {
                continue;
            }

            try
            {
                await ServiceCaller.CallAsync<ReadResponse>(current.Channel, current.AuthenticationToken,
                    new ReadRequest { NodesToRead = [new ReadValueId { NodeId = node, AttributeId = AttributeIds.Value }] },
                    Options.RequestTimeout, Time, stop).ConfigureAwait(false);
            }
            catch (ServiceResultException e) when (e.StatusCode == StatusCodes.BadTimeout || IsConnectionFailure(e.StatusCode) || current.Channel.Failure is not null)
            {
                // An idle session learns of a dead connection here rather than on the gateway's next call.
                ReportLost(current, e);
            }
            catch (ServiceResultException e)
            {
                Logger.KeepAliveFailed(e.StatusName);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
