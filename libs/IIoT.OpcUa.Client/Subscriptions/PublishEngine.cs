using IIoT.OpcUa.Stack.Services;
using System.Collections.Concurrent;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>
/// The Publish loop of a session (OPC 10000-4 §5.13.5): <see cref="ClientOptions.PublishRequestCount"/> requests stay
/// outstanding while subscriptions exist; each carries the acknowledgements due so far, and those of a request that
/// failed without an answer are put back (UA-R05). BadTooManyPublishRequests lowers the number in flight and backs off
/// (UA-R13). A watchdog declares the connection dead when no response came for the longest revised keep-alive period
/// plus a margin (UA-R08, UA-R12). Publishing pauses while the session reconnects.
/// </summary>
internal sealed class PublishEngine : IAsyncDisposable
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    /// <summary>How long a subscription id must stay unknown before it is taken for an orphan and deleted.</summary>
    private static readonly TimeSpan UnknownSubscriptionGrace = TimeSpan.FromSeconds(2);

    private readonly UaSession _session;
    private readonly ClientOptions _options;
    private readonly ConcurrentDictionary<uint, Subscription> _subscriptions = new();

    /// <summary>Subscription ids seen in Publish responses that are none of ours, with when they were first seen.</summary>
    private readonly ConcurrentDictionary<uint, long> _strangers = new();
    private readonly AcknowledgementQueue _acks;
    private readonly ConcurrentQueue<Subscription> _recreate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gateLock = new();
    private TaskCompletionSource<ConnectedChannel> _gate = NewGate();
    private TaskCompletionSource _subscriptionsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task[] _loops = [];
    private int _allowed;
    private int _inFlight;
    private long _lastResponse;
    private int _answered;

    public PublishEngine(UaSession session, ClientOptions options)
    {
        _session = session;
        _options = options;
        _allowed = Math.Max(1, options.PublishRequestCount);
        _acks = new AcknowledgementQueue(session.Logger);
    }

    /// <summary>Publish requests allowed in flight now (lowered by BadTooManyPublishRequests).</summary>
    public int AllowedInFlight => Volatile.Read(ref _allowed);

    public int SubscriptionCount => _subscriptions.Count;

    public void Start()
    {
        var loops = new List<Task>();
        for (var i = 0; i < Math.Max(1, _options.PublishRequestCount); i++)
        {
            var index = i;
            loops.Add(Task.Run(() => WorkerAsync(index, _stop.Token)));
        }

        loops.Add(Task.Run(() => WatchdogAsync(_stop.Token)));
        loops.Add(Task.Run(() => MaintenanceAsync(_stop.Token)));
        _loops = [.. loops];
    }

    public void Resume(ConnectedChannel connection)
    {
        lock (_gateLock)
        {
            Volatile.Write(ref _lastResponse, _session.Time.GetTimestamp());
            if (_gate.Task.IsCompleted)
            {
                _gate = NewGate();
            }

            _gate.TrySetResult(connection);
        }
    }

    public void Pause()
    {
        lock (_gateLock)
        {
            if (_gate.Task.IsCompleted)
            {
                _gate = NewGate();
            }
        }
    }

    public void Add(Subscription subscription)
    {
        _subscriptions[subscription.Id] = subscription;
        SignalSubscriptionsChanged();
    }

    public void Remove(Subscription subscription)
    {
        _subscriptions.TryRemove(new KeyValuePair<uint, Subscription>(subscription.Id, subscription));
        _acks.Drop(subscription.Id);
    }

    public void Rekey(uint oldId, Subscription subscription)
    {
        _subscriptions.TryRemove(new KeyValuePair<uint, Subscription>(oldId, subscription));
        _acks.Drop(oldId);
        _subscriptions[subscription.Id] = subscription;
        SignalSubscriptionsChanged();
    }

    public void Acknowledge(uint subscriptionId, uint sequenceNumber) => _acks.Add(subscriptionId, sequenceNumber);

    public void RequestRecreate(Subscription subscription) => _recreate.Enqueue(subscription);

    /// <summary>After a reconnect, before publishing resumes: see <see cref="SubscriptionRecovery"/>.</summary>
    public Task RecoverAsync(bool sameSession, CancellationToken cancellationToken)
    {
        if (!sameSession)
        {
            _acks.Clear(); // they named the old session's view; the transfer reports what is still available
        }

        return SubscriptionRecovery.RecoverAsync(_session, [.. _subscriptions.Values], sameSession, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var loop in _loops)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task WorkerAsync(int index, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var connection = await WaitGateAsync(stop).ConfigureAwait(false);
                if (_subscriptions.IsEmpty)
                {
                    await WaitSubscriptionsAsync(connection, stop).ConfigureAwait(false);
                    continue;
                }

                if (index >= Volatile.Read(ref _allowed))
                {
                    await Task.Delay(IdleWait, _session.Time, stop).ConfigureAwait(false);
                    continue;
                }

                await PublishOnceAsync(connection, stop).ConfigureAwait(false);
                while (_recreate.TryDequeue(out var expired))
                {
                    await expired.RecreateAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A loop never dies of one bad response; it logs, backs off and goes on.
                _session.Logger.PublishLoopError(e);
                await Task.Delay(IdleWait, _session.Time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                // The connection was lost under a request; the gate holds the worker until the reconnect.
            }
        }
    }

    private async Task PublishOnceAsync(ConnectedChannel connection, CancellationToken stop)
    {
        var acks = _acks.TakeAll();

        if (Interlocked.Increment(ref _inFlight) == 1)
        {
            // Time without any request outstanding is no silence of the server.
            Volatile.Write(ref _lastResponse, _session.Time.GetTimestamp());
        }

        PublishResult response;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, connection.Lost);
            response = await ServiceCaller.CallAsync(
                connection.Channel, connection.AuthenticationToken, new PublishRequest { SubscriptionAcknowledgements = acks },
                PublishTimeout(), _session.Time, PublishResponse.BinaryEncodingId, PublishResult.Decoder, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ServiceResultException or OperationCanceledException)
        {
            _acks.Restore(acks, _subscriptions.ContainsKey);
            if (e is ServiceResultException failure)
            {
                await OnPublishFailedAsync(connection, failure, stop).ConfigureAwait(false);
            }

            return;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        Volatile.Write(ref _lastResponse, _session.Time.GetTimestamp());
        if (Interlocked.Increment(ref _answered) % 64 == 0 && Volatile.Read(ref _allowed) < _options.PublishRequestCount)
        {
            Interlocked.Increment(ref _allowed); // the server coped for a while: try one more in flight again
        }

        _acks.LogRefused(acks, response.Results);
        if (_subscriptions.TryGetValue(response.SubscriptionId, out var subscription))
        {
            await subscription.ProcessAsync(response, stop).ConfigureAwait(false);
        }
        else if (response.SubscriptionId != 0)
        {
            await OnUnknownSubscriptionAsync(response.SubscriptionId, stop).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A subscription the session has but we do not know: made by a CreateSubscription whose answer was lost with the
    /// connection (or left by a delete that failed). It would take our Publish requests and fill its retransmission
    /// queue for as long as the session lives, so it is deleted; but only once it has stayed unknown for a grace time,
    /// because a subscription we are creating right now can publish before its answer has been registered here.
    /// </summary>
    private async Task OnUnknownSubscriptionAsync(uint subscriptionId, CancellationToken stop)
    {
        var now = _session.Time.GetTimestamp();
        var firstSeen = _strangers.GetOrAdd(subscriptionId, now);
        if (_session.Time.GetElapsedTime(firstSeen, now) < UnknownSubscriptionGrace || !_strangers.TryRemove(subscriptionId, out _))
        {
            return;
        }

        if (_subscriptions.ContainsKey(subscriptionId))
        {
            return; // registered meanwhile
        }

        try
        {
            var response = await _session.CallAsync<DeleteSubscriptionsResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [subscriptionId] }, stop)
                .ConfigureAwait(false);
            var status = response.Results is [var result] ? result : new StatusCode(StatusCodes.BadUnexpectedError);
            _session.Logger.UnknownSubscriptionDeleted(subscriptionId, status.ToString());
        }
        catch (ServiceResultException e)
        {
            _session.Logger.UnknownSubscriptionDeleted(subscriptionId, e.StatusName);
        }
    }

    private async Task OnPublishFailedAsync(ConnectedChannel connection, ServiceResultException failure, CancellationToken stop)
    {
        switch (failure.StatusCode)
        {
            case StatusCodes.BadTooManyPublishRequests:
                var allowed = Math.Max(1, Volatile.Read(ref _allowed) - 1);
                Volatile.Write(ref _allowed, allowed);
                _session.Logger.PublishThrottled(allowed);
                await Task.Delay(IdleWait, _session.Time, stop).ConfigureAwait(false);
                break;
            case StatusCodes.BadNoSubscription:
                await WaitSubscriptionsAsync(connection, stop).ConfigureAwait(false);
                break;
            case StatusCodes.BadTimeout:
                // Our own timeout or the server's TimeoutHint: the watchdog decides whether the server is gone.
                break;
            default:
                if (UaSession.IsConnectionFailure(failure.StatusCode))
                {
                    _session.ReportLost(connection, failure);
                }
                else
                {
                    _session.Logger.PublishFailed(failure.StatusName);
                    await Task.Delay(IdleWait, _session.Time, stop).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task WatchdogAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _session.Time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var gate = _gate.Task;
            if (!gate.IsCompletedSuccessfully || _subscriptions.IsEmpty || Volatile.Read(ref _inFlight) == 0)
            {
                continue;
            }

            var limit = MaxKeepAlivePeriod() + _options.KeepAliveMargin;
            var silence = _session.Time.GetElapsedTime(Volatile.Read(ref _lastResponse));
            if (silence > limit)
            {
                _session.Logger.WatchdogTripped(silence.TotalMilliseconds, limit.TotalMilliseconds);
                Volatile.Write(ref _lastResponse, _session.Time.GetTimestamp());
                _session.ReportLost(gate.Result, new ServiceResultException(StatusCodes.BadTimeout,
                    $"No Publish response for {silence.TotalMilliseconds:F0} ms (keep-alive limit {limit.TotalMilliseconds:F0} ms)."));
            }
        }
    }

    /// <summary>Republishes holes that no response filled in time, even while the server sends nothing more.</summary>
    private async Task MaintenanceAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _session.Time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_gate.Task.IsCompletedSuccessfully)
            {
                continue;
            }

            foreach (var subscription in _subscriptions.Values)
            {
                try
                {
                    await subscription.RepairStaleHolesAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _session.Logger.PublishLoopError(e);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private TimeSpan MaxKeepAlivePeriod()
    {
        var max = TimeSpan.Zero;
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.KeepAlivePeriod > max)
            {
                max = subscription.KeepAlivePeriod;
            }
        }

        return max;
    }

    // Longer than a keep-alive period, so that a quiet server is not mistaken for a dead one before the watchdog says so.
    private TimeSpan PublishTimeout()
    {
        var keepAlive = MaxKeepAlivePeriod() * 2 + _options.KeepAliveMargin;
        return keepAlive > _options.RequestTimeout ? keepAlive : _options.RequestTimeout;
    }

    private async Task<ConnectedChannel> WaitGateAsync(CancellationToken stop)
    {
        Task<ConnectedChannel> gate;
        lock (_gateLock)
        {
            gate = _gate.Task;
        }

        var connection = await gate.WaitAsync(stop).ConfigureAwait(false);
        if (connection.IsLost)
        {
            // Lost but the session has not paused us yet: do not spin on a dead channel.
            await Task.Delay(TimeSpan.FromMilliseconds(50), _session.Time, stop).ConfigureAwait(false);
        }

        return connection;
    }

    private async Task WaitSubscriptionsAsync(ConnectedChannel connection, CancellationToken stop)
    {
        Task changed;
        lock (_gateLock)
        {
            changed = _subscriptionsChanged.Task;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, connection.Lost);
        await changed.WaitAsync(IdleWait, _session.Time, linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void SignalSubscriptionsChanged()
    {
        lock (_gateLock)
        {
            _subscriptionsChanged.TrySetResult();
            _subscriptionsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static TaskCompletionSource<ConnectedChannel> NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
