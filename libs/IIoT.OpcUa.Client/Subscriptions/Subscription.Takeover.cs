using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>Taking over a subscription an earlier process created (a gateway restarted after a crash).</summary>
public sealed partial class Subscription
{
    /// <summary>Set when the subscription came from <see cref="UaSession.TakeOverSubscriptionAsync"/>.</summary>
    public SubscriptionTakeoverResult? Takeover { get; private set; }

    /// <summary>Items under the client handles the earlier process gave them; the server already has them.</summary>
    internal void AdoptItems(IReadOnlyList<KeyValuePair<uint, MonitoredItemOptions>> items)
    {
        var namespaces = _session.NamespaceUris;
        lock (_items)
        {
            foreach (var (handle, options) in items)
            {
                var ns = options.NodeId.NamespaceIndex;
                var item = new MonitoredItem(handle, options, Settings(options), ns < namespaces.Count ? namespaces[ns] : null) { State = MonitoredItemState.Active };
                _items.Add(handle, item);
                _lastHandle = Math.Max(_lastHandle, handle);
            }
        }
    }

    /// <summary>
    /// TransferSubscriptions without initial values (the values queued at the server are the ones we missed), then
    /// Republish of every message the server still holds unacknowledged: the earlier process acknowledged only what it
    /// had made durable, so those were not. Refused (another user, expired, a restarted server): created anew with the
    /// same client handles and a <see cref="DataGap"/> from <paramref name="lostSince"/> to now put in the stream.
    /// Publish responses that arrive meanwhile wait for the processing lock, so none is taken for a stranger's.
    /// </summary>
    internal async Task TakeOverAsync(uint subscriptionId, DateTime? lostSince, CancellationToken cancellationToken)
    {
        await _processing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Id = subscriptionId;
            RevisedPublishingInterval = _options.PublishingInterval;
            RevisedKeepAliveCount = _options.KeepAliveCount;
            RevisedLifetimeCount = _options.RequestedLifetimeCount;
            _session.Publisher.Add(this);
            StatusCode status;
            TransferResult? result = null;
            try
            {
                var response = await _session.CallAsync<TransferSubscriptionsResponse>(
                    new TransferSubscriptionsRequest { SubscriptionIds = [subscriptionId], SendInitialValues = false }, cancellationToken).ConfigureAwait(false);
                result = response.Results is [var only] ? only : null;
                status = result?.StatusCode ?? new StatusCode(StatusCodes.BadUnexpectedError);
            }
            catch (ServiceResultException e) when (!UaSession.IsConnectionFailure(e.StatusCode) && e.StatusCode != StatusCodes.BadTimeout)
            {
                status = e.StatusCode; // BadServiceUnsupported, BadNothingToDo, ...
            }
            catch
            {
                _session.Publisher.Remove(this);
                throw;
            }

            if (result is not null && status.IsGood)
            {
                await AfterTransferAsync(result.AvailableSequenceNumbers ?? [], status, cancellationToken).ConfigureAwait(false);
                return;
            }

            _session.Logger.TakeoverRefused(subscriptionId, status.Name);
            _session.Publisher.Remove(this);
            await CreateOnServerAsync(cancellationToken).ConfigureAwait(false);
            _session.Publisher.Add(this);
            await CreateItemsAsync(NamespaceRemapper.Remap(_session.NamespaceUris, Items), cancellationToken).ConfigureAwait(false);
            var now = _session.Time.GetUtcNow().UtcDateTime;
            Takeover = new SubscriptionTakeoverResult(false, status, 0, 0);
            await _stream.EmitGapAsync(new DataGap(subscriptionId, DataGapReason.SubscriptionRecreated, 0, 0, lostSince ?? now, now), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _processing.Release();
        }
    }

    private async Task AfterTransferAsync(uint[] available, StatusCode status, CancellationToken cancellationToken)
    {
        // The sequence numbers carry on from the earlier session: start just before the oldest message still held, or,
        // when all were acknowledged, at whatever number comes first.
        _tracker = available.Length == 0
            ? new SequenceTracker<ReceivedMessage>(adoptFirst: true)
            : new SequenceTracker<ReceivedMessage>(Oldest(available) - 1);
        foreach (var sequenceNumber in available)
        {
            _tracker.Exists(sequenceNumber);
        }

        await ReviseAsync(cancellationToken).ConfigureAwait(false);
        var republished = 0;
        var missing = new List<uint>();
        while (true)
        {
            missing.Clear();
            _tracker.CollectMissing(missing, MaxRepublishPerPass);
            if (missing.Count == 0)
            {
                break;
            }

            foreach (var sequenceNumber in missing)
            {
                if (await RepublishAsync(sequenceNumber, cancellationToken).ConfigureAwait(false) is null)
                {
                    _tracker.MarkLost(sequenceNumber);
                }
                else
                {
                    republished++;
                }
            }

            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }

        Takeover = new SubscriptionTakeoverResult(true, status, available.Length, republished);
        _session.Logger.SubscriptionTakenOver(Id, available.Length, republished);
    }

    /// <summary>
    /// ModifySubscription with our options: the revised values drive the watchdog (a transfer does not report them),
    /// and the lifetime is ours again whatever the earlier process asked for.
    /// </summary>
    private async Task ReviseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _session.CallAsync<ModifySubscriptionResponse>(new ModifySubscriptionRequest
            {
                SubscriptionId = Id,
                RequestedPublishingInterval = _options.PublishingInterval.TotalMilliseconds,
                RequestedLifetimeCount = _options.RequestedLifetimeCount,
                RequestedMaxKeepAliveCount = _options.KeepAliveCount,
                MaxNotificationsPerPublish = _options.MaxNotificationsPerPublish,
                Priority = _options.Priority,
            }, cancellationToken).ConfigureAwait(false);
            RevisedPublishingInterval = TimeSpan.FromMilliseconds(Math.Max(response.RevisedPublishingInterval, 1));
            RevisedKeepAliveCount = response.RevisedMaxKeepAliveCount;
            RevisedLifetimeCount = response.RevisedLifetimeCount;
        }
        catch (ServiceResultException e) when (!UaSession.IsConnectionFailure(e.StatusCode))
        {
            // The requested values stand in; the subscription works all the same.
            _session.Logger.PublishFailed("ModifySubscription after takeover: " + e.StatusName);
        }
    }

    /// <summary>The oldest of the held sequence numbers, across a rollover (2^32-1 -> 1) among them.</summary>
    private static uint Oldest(uint[] available)
    {
        var min = available.Min();
        var max = available.Max();
        if (max - min < uint.MaxValue / 2)
        {
            return min;
        }

        // Wrapped: the oldest is the smallest of the high ones.
        return available.Where(s => s > uint.MaxValue / 2).Min();
    }
}
