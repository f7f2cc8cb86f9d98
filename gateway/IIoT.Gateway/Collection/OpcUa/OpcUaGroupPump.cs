using System.Diagnostics;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Buffering;
using IIoT.Gateway.Ledger;
using IIoT.OpcUa.Client;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// Moves one group's notifications into the buffer: maps each message's values to points, appends them, and only
/// then acknowledges the message (the subscription uses ManualAcknowledge). Until then the server keeps the message
/// for Republish, so a crash or a lost connection before the append loses nothing. Gap markers go to the loss ledger.
/// </summary>
internal sealed class OpcUaGroupPump(
    OpcUaEndpointOptions endpoint,
    string source,
    Subscription subscription,
    IReadOnlyDictionary<uint, OpcUaItem> items,
    IRecordSink sink,
    ILossLedger ledger,
    TimeProvider time,
    ILogger logger,
    Action onGap)
{
    /// <summary>Messages gathered into one append (one fsync) when they are already waiting.</summary>
    private const int MaxMessagesPerAppend = 64;

    private readonly AssetPath _defaults = new() { Site = endpoint.Site, Area = endpoint.Area, Line = endpoint.Line };
    private readonly TagList _tags = new() { { "endpoint", endpoint.Name } };
    private readonly Dictionary<string, AssetPath> _assets = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = subscription.Notifications;
        var records = new List<ReadOnlyMemory<byte>>();
        var sequenceNumbers = new List<uint>();
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Clear();
            sequenceNumbers.Clear();
            var values = 0;
            var receiveTimeNs = UnixTime.Now(time);
            while (sequenceNumbers.Count < MaxMessagesPerAppend && reader.TryRead(out var batch))
            {
                if (batch.Gap is { } gap)
                {
                    RecordGap(gap);
                    continue;
                }
                foreach (var notification in batch.Values)
                {
                    if (items.TryGetValue(notification.ClientHandle, out var item))
                    {
                        records.Add(BatchFraming.Frame(OpcUaPointMapper.Map(item, notification.Value, Asset(item), source, receiveTimeNs)));
                        values++;
                    }
                }
                sequenceNumbers.Add(batch.SequenceNumber);
            }
            if (records.Count > 0)
            {
                await AppendAsync(records, cancellationToken).ConfigureAwait(false);
            }
            // Durable now: the server may let these messages go (the acks ride on the next Publish request).
            foreach (var sequenceNumber in sequenceNumbers)
            {
                subscription.Acknowledge(sequenceNumber);
            }
            OpcUaMetrics.ValuesReceived.Add(values, _tags);
            OpcUaMetrics.MessagesAcknowledged.Add(sequenceNumbers.Count, _tags);
        }
    }

    /// <summary>
    /// Retries a failed append (a full disk, say) with backoff instead of ending the session: the session and its
    /// subscription are what keep the unacknowledged messages at the server, so dropping them would lose the data.
    /// </summary>
    private async Task AppendAsync(List<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await sink.AppendAsync(records, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                OpcUaLog.PipelineFailed(logger, e, endpoint.Name);
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    private AssetPath Asset(OpcUaItem item)
    {
        if (!_assets.TryGetValue(item.Machine, out var asset))
        {
            asset = _defaults.Clone();
            asset.Machine = item.Machine;
            _assets[item.Machine] = asset;
        }
        return asset;
    }

    private void RecordGap(DataGap gap)
    {
        OpcUaMetrics.Gaps.Add(1, _tags);
        onGap();
        OpcUaLog.Gap(logger, endpoint.Name, gap.SubscriptionId, gap.Reason.ToString(), gap.FirstSequenceNumber, gap.LastSequenceNumber,
            gap.From, gap.To, items.Count);
        var messages = gap.LastSequenceNumber >= gap.FirstSequenceNumber && gap.FirstSequenceNumber != 0
            ? gap.LastSequenceNumber - gap.FirstSequenceNumber + 1
            : 0;
        var sample = string.Join(", ", items.Values.Take(5).Select(i => string.IsNullOrEmpty(i.Machine) ? i.Signal : i.Machine + "/" + i.Signal));
        ledger.Record(source, "opcua-gap", 0, ToNanoseconds(gap.From), ToNanoseconds(gap.To),
            $"subscription {gap.SubscriptionId} {gap.Reason}: {messages} notification messages (sequence {gap.FirstSequenceNumber}..{gap.LastSequenceNumber}) "
            + $"could not be recovered for {items.Count} items ({sample}{(items.Count > 5 ? ", ..." : "")})");
    }

    private static long ToNanoseconds(DateTime time) =>
        time == DateTime.MinValue ? 0 : UnixTime.ToNanoseconds(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)));
}
