using IIoT.Contracts;
using IIoT.Gateway.Buffering;
using IIoT.Gateway.Ledger;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using System.Diagnostics;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// The intake for one OPC UA endpoint: connects (retrying with backoff and jitter while the server is unreachable),
/// resolves every group's items, creates one subscription per group and pumps its notifications into the buffer.
/// Once connected, the client keeps the session alive on its own: reconnect, TransferSubscriptions or recreate, and
/// Republish of what was missed; what cannot be recovered arrives as a gap and is recorded in the loss ledger.
/// </summary>
internal sealed class OpcUaSource
{
    private readonly OpcUaEndpointOptions _endpoint;
    private readonly IRecordSink _sink;
    private readonly ILossLedger _ledger;
    private readonly OpcUaStatusRegistry _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TagList _tags;
    private readonly Lock _gate = new();
    private OpcUaEndpointStatus _current;
    private int _publishedMonitored;
    private int _publishedFailed;

    public OpcUaSource(OpcUaEndpointOptions endpoint, IRecordSink sink, ILossLedger ledger, OpcUaStatusRegistry status,
        TimeProvider time, ILogger logger)
    {
        _endpoint = endpoint;
        _sink = sink;
        _ledger = ledger;
        _status = status;
        _time = time;
        _logger = logger;
        Source = "opcua:" + endpoint.Name;
        _tags = new TagList { { "endpoint", endpoint.Name } };
        _current = new OpcUaEndpointStatus(endpoint.Name, "starting", 0, 0, 0, 0, null, []);
        _status.Set(_current);
    }

    /// <summary>"opcua:{endpoint name}", the source of every point and loss record.</summary>
    public string Source { get; }

    /// <summary>
    /// Where each group's subscription id and item handles are kept, so that a gateway restarted after a crash takes its
    /// subscriptions over (endpoints with a UserName); null: always new subscriptions.
    /// </summary>
    internal OpcUaSubscriptionStore? SubscriptionStore { get; init; }

    /// <summary>Client options for tests (shorter timeouts); the defaults otherwise.</summary>
    internal Func<ClientOptions, ClientOptions>? ConfigureClient { get; init; }

    /// <summary>
    /// Values per NotificationMessage asked of the server. Small enough that a message's NotificationData body (some 40
    /// bytes a value, copied once by the decoder) stays below the large-object threshold (85,000 bytes): a 10,000-value
    /// body is a 400 KB large object, and at 100,000 values/s those alone ran the capped heap into a full GC three times
    /// a second. More messages cost little: they are acknowledged together, one append per MB.
    /// </summary>
    internal const uint MaxNotificationsPerPublish = 1500;

    /// <summary>Items resolved and subscribed per step; smaller in tests to exercise the chunking.</summary>
    internal int ResolverChunkSize { get; init; } = OpcUaItemResolver.DefaultChunkSize;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? error = null;
            try
            {
                await RunSessionAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                error = e;
            }
            var delay = SourceReconnect.Delay(_endpoint.ReconnectMinDelay, _endpoint.ReconnectMaxDelay, failures++);
            OpcUaMetrics.Reconnects.Add(1, _tags);
            Update(s => s with { State = "disconnected", Reconnects = s.Reconnects + 1, LastError = error?.Message ?? s.LastError });
            OpcUaLog.Retrying(_logger, error, _endpoint.Name, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Update(s => s with { State = "stopped" });
        OpcUaLog.Stopped(_logger, _endpoint.Name);
    }

    /// <summary>One session from connect until it is closed for good (the client's own reconnects happen inside).</summary>
    private async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var identity = string.IsNullOrEmpty(_endpoint.UserName) ? UserIdentity.Anonymous : UserIdentity.FromUserName(_endpoint.UserName, _endpoint.Password ?? "");
        var options = new ClientOptions
        {
            EndpointUrl = _endpoint.Url,
            Identity = identity,
            SessionName = "IIoT gateway " + _endpoint.Name,
            PublishRequestCount = _endpoint.PublishRequestCount,
        };
        options = ConfigureClient?.Invoke(options) ?? options;
        OpcUaLog.Connecting(_logger, _endpoint.Name, _endpoint.Url, identity.ToString());
        await using var session = await UaSession.ConnectAsync(options, _logger, _time, cancellationToken).ConfigureAwait(false);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        session.StateChanged += (_, e) =>
        {
            OpcUaLog.SessionState(_logger, _endpoint.Name, e.State.ToString());
            // Reconnected and SessionRecreated are collecting again: health shows "connected" with the reconnect count.
            var state = e.State is SessionState.Reconnected or SessionState.SessionRecreated ? "connected" : e.State.ToString().ToLowerInvariant();
            Update(s => s with { State = state });
            if (e.State == SessionState.Reconnecting)
            {
                OpcUaMetrics.Reconnects.Add(1, _tags);
                Update(s => s with { Reconnects = s.Reconnects + 1 });
            }
            else if (e.State == SessionState.Closed)
            {
                SourceReconnect.CancelQuietly(connection);
            }
        };
        OpcUaMetrics.Connected.Add(1, _tags);
        var states = new List<OpcUaGroupState>();
        var pumps = new List<Task>();
        // A pump that ends (its stream completed or it failed) ends the session: connect anew.
        var pumpEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void StartPump(OpcUaGroupPump pump)
        {
            var run = pump.RunAsync(connection.Token);
            pumps.Add(run);
            _ = run.ContinueWith(t =>
            {
                if (t.IsFaulted)
                {
                    pumpEnded.TrySetException(t.Exception!.InnerExceptions);
                }
                else
                {
                    pumpEnded.TrySetResult();
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var recreated = System.Threading.Channels.Channel.CreateBounded<bool>(
            new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
        session.StateChanged += (_, e) =>
        {
            if (e.State == SessionState.SessionRecreated)
            {
                recreated.Writer.TryWrite(true);
            }
        };
        try
        {
            OpcUaLog.Connected(_logger, _endpoint.Name, session.NamespaceUris.Count);
            foreach (var group in _endpoint.Groups)
            {
                var state = new OpcUaGroupState(group, session.NamespaceUris);
                states.Add(state);
                await StartGroupAsync(session, state, StartPump, connection.Token).ConfigureAwait(false);
                Publish(states);
            }
            Update(s => s with { State = "connected" });
            var resync = ResyncLoopAsync(session, states, recreated.Reader, StartPump, connection.Token);
            await Task.WhenAny(pumpEnded.Task, resync, Task.Delay(Timeout.Infinite, connection.Token)).ConfigureAwait(false);
            connection.Token.ThrowIfCancellationRequested();
            await pumpEnded.Task.ConfigureAwait(false);
            await resync.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The session was closed for good: connect anew.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            OpcUaLog.PipelineFailed(_logger, e, _endpoint.Name);
            throw;
        }
        finally
        {
            SourceReconnect.CancelQuietly(connection);
            try
            {
                await Task.WhenAll(pumps).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Cancelled with the connection, or already reported above.
            }
            if (cancellationToken.IsCancellationRequested && SubscriptionStore is not null && !string.IsNullOrEmpty(_endpoint.UserName))
            {
                // A clean stop (SIGTERM: an upgrade or a restart): the server keeps the subscriptions, so the next run takes
                // them over with what was sampled meanwhile and the messages not acknowledged yet, instead of a gap.
                await session.CloseAsync(deleteSubscriptions: false).ConfigureAwait(false);
                OpcUaLog.SessionClosedKeepingSubscriptions(_logger, _endpoint.Name);
            }
            OpcUaMetrics.Connected.Add(-1, _tags);
            OpcUaMetrics.ItemsMonitored.Add(-_publishedMonitored, _tags);
            OpcUaMetrics.ItemsFailed.Add(-_publishedFailed, _tags);
            _publishedMonitored = _publishedFailed = 0;
        }
    }

    /// <summary>
    /// Resolves a group and subscribes its items chunk by chunk as the resolution yields them, so that a Folders rule of
    /// 100,000 variables never holds them all twice: the pump starts with the subscription and its item map grows as
    /// the chunks are created (an item is mapped before its monitored item is created, so its first value finds it).
    /// With <paramref name="resync"/> only the items not monitored yet are added (re-resolution after a server restart).
    /// Every item ends up monitored or in the group's failures with its status.
    /// </summary>
    private async Task<(int Added, HashSet<NodeId> Seen)> StartGroupAsync(UaSession session, OpcUaGroupState state, Action<OpcUaGroupPump> startPump,
        CancellationToken cancellationToken, bool resync = false)
    {
        var group = state.Group;
        var resolver = new OpcUaItemResolver(session, group.Name) { ChunkSize = ResolverChunkSize };
        var refused = new List<OpcUaItemFailure>();
        var seen = new HashSet<NodeId>();
        var byHandle = new OpcUaPumpItemMap(_endpoint, Source);
        Subscription? subscription = null;
        OpcUaSubscriptionStoreLease? lease = null;
        var nextHandle = 1u;
        var added = 0;
        var deadband = group.DeadbandType switch
        {
            "Absolute" => DeadbandType.Absolute,
            "Percent" => DeadbandType.Percent,
            _ => DeadbandType.None,
        };
        await resolver.ResolveAsync(group, async (chunk, token) =>
        {
            var wanted = new List<OpcUaItem>(chunk.Count);
            foreach (var item in chunk)
            {
                if (!resync || (seen.Add(item.NodeId) && !state.Known.ContainsKey(item.NodeId)))
                {
                    wanted.Add(item);
                }
            }
            if (wanted.Count == 0)
            {
                return;
            }
            if (subscription is null)
            {
                var options = new SubscriptionOptions
                {
                    PublishingInterval = group.PublishingInterval,
                    ManualAcknowledge = true,
                    MaxNotificationsPerPublish = MaxNotificationsPerPublish,
                    // Some 50,000 values (half a second at 100,000/s) wait for the pump at most; beyond that publishing
                    // waits and the server queues. A longer queue only moved decoded values into the capped heap's gen2.
                    NotificationQueueCapacity = 32,
                };
                if (SubscriptionStore is { } store && !resync)
                {
                    // Taken over from the previous run when possible: its items are mapped before the pump reads the
                    // messages Republish brought back.
                    lease = await store.OpenAsync(session, _endpoint, group.Name, options, ItemOptions, token).ConfigureAwait(false);
                    subscription = lease.Subscription;
                    nextHandle = lease.NextHandle;
                    foreach (var (handle, item) in lease.Adopted)
                    {
                        byHandle.Set(handle, item);
                    }
                }
                else
                {
                    subscription = await session.CreateSubscriptionAsync(options, token).ConfigureAwait(false);
                }
                // Running while the later chunks are created: the initial values of each chunk are made durable as they
                // come instead of waiting (100,000 of them) in the subscription's queue until the last chunk is created.
                startPump(new OpcUaGroupPump(_endpoint, Source, subscription, byHandle, _sink, _ledger, _time, _logger,
                    () => Update(s => s with { Gaps = s.Gaps + 1 })));
            }
            if (lease is not null)
            {
                // Already monitored in the subscription taken over: keep its handle, take the freshly resolved item.
                wanted.RemoveAll(item =>
                {
                    if (!lease.TryClaim(item, out var handle))
                    {
                        return false;
                    }
                    byHandle.Set(handle, item);
                    state.Known.TryAdd(item.NodeId, item);
                    added++;
                    return true;
                });
                if (wanted.Count == 0)
                {
                    return;
                }
            }
            // Client handles are dense from 1 in the order items are added (MonitoredItem), so the pump can know an
            // item before its first notification arrives; the map is corrected below should that ever differ.
            for (var i = 0; i < wanted.Count; i++)
            {
                byHandle.Set(nextHandle + (uint)i, wanted[i]);
            }
            if (lease is not null)
            {
                await lease.RecordPlannedAsync(wanted, nextHandle, token).ConfigureAwait(false);
            }
            var created = await subscription.AddMonitoredItemsAsync(wanted.Select(i => ItemOptions(i.NodeId)).ToArray(), token).ConfigureAwait(false);
            for (var i = 0; i < created.Count; i++)
            {
                if (created[i].ClientHandle != nextHandle + (uint)i)
                {
                    byHandle.Remove(nextHandle + (uint)i);
                    byHandle.Set(created[i].ClientHandle, wanted[i]);
                }
                if (created[i].State == MonitoredItemState.Active)
                {
                    state.Known.TryAdd(wanted[i].NodeId, wanted[i]);
                    added++;
                }
                else
                {
                    byHandle.Remove(created[i].ClientHandle);
                    refused.Add(new OpcUaItemFailure(group.Name, wanted[i].Origin, created[i].Status.Name, "the server refused the monitored item"));
                }
            }
            if (lease is not null && created.Where((item, i) => item.ClientHandle != nextHandle + (uint)i).Any())
            {
                await lease.RecordAsync(wanted, created, token).ConfigureAwait(false);
            }
            nextHandle += (uint)created.Count;
        }, cancellationToken).ConfigureAwait(false);
        var failures = resolver.Failures.Concat(refused).ToList();

        MonitoredItemOptions ItemOptions(NodeId node) => new()
        {
            NodeId = node,
            SamplingInterval = group.SamplingInterval.TotalMilliseconds,
            QueueSize = group.QueueSize,
            DeadbandType = deadband,
            DeadbandValue = group.DeadbandValue,
        };
        if (!resync)
        {
            state.Failures = failures;
            Report(failures);
            OpcUaLog.GroupStarted(_logger, _endpoint.Name, group.Name, added, failures.Count, subscription?.Id ?? 0,
                subscription?.RevisedPublishingInterval.TotalMilliseconds ?? 0);
        }
        else
        {
            state.Failures = failures;
        }
        return (added, seen);
    }

    /// <summary>
    /// After the server restarted (SessionRecreated: the client recreated the subscriptions with remapped namespaces),
    /// BrowsePaths and Folders may lead elsewhere: each group is resolved again; items that appeared are subscribed
    /// (in a subscription of their own), items that are gone are reported failed with BadNodeIdUnknown.
    /// </summary>
    private async Task ResyncLoopAsync(UaSession session, List<OpcUaGroupState> states, System.Threading.Channels.ChannelReader<bool> recreated,
        Action<OpcUaGroupPump> startPump, CancellationToken cancellationToken)
    {
        while (await recreated.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            recreated.TryRead(out _);
            foreach (var state in states)
            {
                state.Remap(session.NamespaceUris);
                var (added, seen) = await StartGroupAsync(session, state, startPump, cancellationToken, resync: true).ConfigureAwait(false);
                var origins = new HashSet<string>(state.Failures.Select(f => f.Origin), StringComparer.Ordinal);
                var gone = 0;
                foreach (var (id, item) in state.Known)
                {
                    if (!seen.Contains(id))
                    {
                        gone++;
                        if (!origins.Contains(item.Origin))
                        {
                            state.Failures.Add(new OpcUaItemFailure(state.Group.Name, item.Origin, "BadNodeIdUnknown",
                                $"node {id} is no longer found after the server restarted"));
                        }
                    }
                }
                state.Gone = gone;
                OpcUaLog.GroupResynced(_logger, _endpoint.Name, state.Group.Name, added, gone);
                Report(state.Failures);
                Publish(states);
            }
        }
    }

    /// <summary>Health and metrics from the groups' current counts.</summary>
    private void Publish(List<OpcUaGroupState> states)
    {
        var monitored = states.Sum(s => s.Monitored);
        var failures = states.SelectMany(s => s.Failures).ToList();
        OpcUaMetrics.ItemsMonitored.Add(monitored - _publishedMonitored, _tags);
        OpcUaMetrics.ItemsFailed.Add(failures.Count - _publishedFailed, _tags);
        _publishedMonitored = monitored;
        _publishedFailed = failures.Count;
        Update(s => s with { ItemsMonitored = monitored, ItemsFailed = failures.Count, Failures = failures });
    }

    private void Report(List<OpcUaItemFailure> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }
        foreach (var failure in failures)
        {
            OpcUaLog.ItemFailed(_logger, _endpoint.Name, failure.Group, failure.Origin, failure.Status, failure.Detail);
        }
        var now = UnixTime.Now(_time);
        // One ledger entry per group and connect: the items yield no data, which the cloud should see next to the data.
        _ledger.Record(Source, "opcua-item-failed", (ulong)failures.Count, now, now,
            $"group {failures[0].Group}: " + string.Join("; ", failures.Take(10).Select(f => $"{f.Origin}: {f.Status} ({f.Detail})"))
            + (failures.Count > 10 ? $"; and {failures.Count - 10} more" : ""));
    }

    private void Update(Func<OpcUaEndpointStatus, OpcUaEndpointStatus> change)
    {
        lock (_gate)
        {
            _current = change(_current);
            _status.Set(_current);
        }
    }
}
