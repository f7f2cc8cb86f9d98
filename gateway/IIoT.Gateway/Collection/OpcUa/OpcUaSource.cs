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

    /// <summary>Client options for tests (shorter timeouts); the defaults otherwise.</summary>
    internal Func<ClientOptions, ClientOptions>? ConfigureClient { get; init; }

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
            var delay = Backoff(failures++);
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
                CancelQuietly(connection);
            }
        };
        OpcUaMetrics.Connected.Add(1, _tags);
        var monitored = 0;
        var failed = new List<OpcUaItemFailure>();
        try
        {
            OpcUaLog.Connected(_logger, _endpoint.Name, session.NamespaceUris.Count);
            var pumps = new List<Task>();
            foreach (var group in _endpoint.Groups)
            {
                var (pump, active, failures) = await StartGroupAsync(session, group, connection.Token).ConfigureAwait(false);
                monitored += active;
                failed.AddRange(failures);
                if (pump is not null)
                {
                    pumps.Add(pump.RunAsync(connection.Token));
                }
            }
            OpcUaMetrics.ItemsMonitored.Add(monitored, _tags);
            OpcUaMetrics.ItemsFailed.Add(failed.Count, _tags);
            Update(s => s with { State = "connected", ItemsMonitored = monitored, ItemsFailed = failed.Count, Failures = failed });
            if (pumps.Count == 0)
            {
                await Task.Delay(Timeout.Infinite, connection.Token).ConfigureAwait(false);
            }
            await Task.WhenAll(pumps).ConfigureAwait(false);
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
            CancelQuietly(connection);
            OpcUaMetrics.Connected.Add(-1, _tags);
            OpcUaMetrics.ItemsMonitored.Add(-monitored, _tags);
            OpcUaMetrics.ItemsFailed.Add(-failed.Count, _tags);
        }
    }

    private async Task<(OpcUaGroupPump? Pump, int Active, List<OpcUaItemFailure> Failures)> StartGroupAsync(
        UaSession session, OpcUaGroupOptions group, CancellationToken cancellationToken)
    {
        var resolver = new OpcUaItemResolver(session, group.Name);
        await resolver.ResolveAsync(group, cancellationToken).ConfigureAwait(false);
        var failures = resolver.Failures.ToList();
        if (resolver.Items.Count == 0)
        {
            Report(failures);
            return (null, 0, failures);
        }
        var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = group.PublishingInterval,
            ManualAcknowledge = true,
        }, cancellationToken).ConfigureAwait(false);
        var deadband = group.DeadbandType switch
        {
            "Absolute" => DeadbandType.Absolute,
            "Percent" => DeadbandType.Percent,
            _ => DeadbandType.None,
        };
        var requests = resolver.Items.Select(i => new MonitoredItemOptions
        {
            NodeId = i.NodeId,
            SamplingInterval = group.SamplingInterval.TotalMilliseconds,
            QueueSize = group.QueueSize,
            DeadbandType = deadband,
            DeadbandValue = group.DeadbandValue,
        }).ToArray();
        var created = await subscription.AddMonitoredItemsAsync(requests, cancellationToken).ConfigureAwait(false);
        var byHandle = new Dictionary<uint, OpcUaItem>();
        for (var i = 0; i < created.Count; i++)
        {
            if (created[i].State == MonitoredItemState.Active)
            {
                byHandle[created[i].ClientHandle] = resolver.Items[i];
            }
            else
            {
                failures.Add(new OpcUaItemFailure(group.Name, resolver.Items[i].Origin, created[i].Status.Name, "the server refused the monitored item"));
            }
        }
        Report(failures);
        OpcUaLog.GroupStarted(_logger, _endpoint.Name, group.Name, byHandle.Count, failures.Count, subscription.Id,
            subscription.RevisedPublishingInterval.TotalMilliseconds);
        var pump = new OpcUaGroupPump(_endpoint, Source, subscription, byHandle, _sink, _ledger, _time, _logger,
            () => Update(s => s with { Gaps = s.Gaps + 1 }));
        return (pump, byHandle.Count, failures);
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

    private TimeSpan Backoff(int failures)
    {
        var min = _endpoint.ReconnectMinDelay.TotalMilliseconds;
        var max = _endpoint.ReconnectMaxDelay.TotalMilliseconds;
        var exponential = Math.Min(max, min * Math.Pow(2, Math.Min(failures, 30)));
        return TimeSpan.FromMilliseconds(exponential * (0.5 + 0.5 * Random.Shared.NextDouble()));
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
