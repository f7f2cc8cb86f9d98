using System.Diagnostics;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Buffering;
using IIoT.Gateway.Ledger;
using IIoT.OpcUa.Client;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// Moves one group's notifications into the buffer: encodes each message's values as framed points, appends them, and
/// only then acknowledges the message (the subscription uses ManualAcknowledge). Until then the server keeps the message
/// for Republish, so a crash or a lost connection before the append loses nothing. Gap markers go to the loss ledger.
/// The per-value path allocates nothing: points are written into reused chunks (<see cref="OpcUaPumpBuffer"/>) from
/// pre-encoded per-item fields (<see cref="OpcUaPumpEncoder"/>), found by client handle in an array.
/// </summary>
internal sealed class OpcUaGroupPump
{
    /// <summary>Messages gathered into one append (one fsync) when they are already waiting.</summary>
    private const int MaxMessagesPerAppend = 64;

    /// <summary>Stop gathering more messages once this many record bytes are encoded (the writer groups 4 MB too).</summary>
    private const long MaxBytesPerAppend = 4 << 20;

    private readonly OpcUaEndpointOptions _endpoint;
    private readonly string _source;
    private readonly Subscription _subscription;
    private readonly IReadOnlyDictionary<uint, OpcUaItem> _items;
    private readonly IRecordSink _sink;
    private readonly ILossLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _onGap;
    private readonly TagList _tags;
    private readonly OpcUaPumpItem?[] _byHandle;
    private readonly Dictionary<uint, OpcUaPumpItem>? _sparse;
    private readonly OpcUaPumpBuffer _buffer = new();
    private long _lastStoredNs;
    private DataGap? _pendingGap;
    private long _pendingGapBeforeNs;

    public OpcUaGroupPump(OpcUaEndpointOptions endpoint, string source, Subscription subscription, IReadOnlyDictionary<uint, OpcUaItem> items,
        IRecordSink sink, ILossLedger ledger, TimeProvider time, ILogger logger, Action onGap)
    {
        _endpoint = endpoint;
        _source = source;
        _subscription = subscription;
        _items = items;
        _sink = sink;
        _ledger = ledger;
        _time = time;
        _logger = logger;
        _onGap = onGap;
        _tags = new TagList { { "endpoint", endpoint.Name } };
        // One AssetPath per machine and one encoded tail per unit, shared by the items (100,000 items are common).
        var defaults = new AssetPath { Site = endpoint.Site, Area = endpoint.Area, Line = endpoint.Line };
        var assets = new Dictionary<string, AssetPath>(StringComparer.Ordinal);
        var tails = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var pumpItems = new List<(uint Handle, OpcUaPumpItem Item)>(items.Count);
        var maxHandle = 0u;
        foreach (var (handle, item) in items)
        {
            if (!assets.TryGetValue(item.Machine, out var asset))
            {
                asset = defaults.Clone();
                asset.Machine = item.Machine;
                assets[item.Machine] = asset;
            }
            var unit = item.Unit ?? "";
            if (!tails.TryGetValue(unit, out var tail))
            {
                tail = OpcUaPumpItem.EncodeTail(source, unit);
                tails[unit] = tail;
            }
            pumpItems.Add((handle, new OpcUaPumpItem(item, asset, source, tail)));
            maxHandle = Math.Max(maxHandle, handle);
        }
        // Client handles are dense (1..n) with our client: an array lookup. Anything else: a dictionary.
        if (maxHandle <= 2L * items.Count + 1024)
        {
            _byHandle = new OpcUaPumpItem?[maxHandle + 1];
            foreach (var (handle, item) in pumpItems)
            {
                _byHandle[handle] = item;
            }
        }
        else
        {
            _byHandle = [];
            _sparse = pumpItems.ToDictionary(p => p.Handle, p => p.Item);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _subscription.Notifications;
        var sequenceNumbers = new List<uint>();
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sequenceNumbers.Clear();
                var values = 0;
                var duplicates = 0;
                var receiveTimeNs = UnixTime.Now(_time);
                while (sequenceNumbers.Count < MaxMessagesPerAppend && _buffer.Bytes < MaxBytesPerAppend && reader.TryRead(out var batch))
                {
                    if (batch.Gap is { } gap)
                    {
                        OnGap(gap);
                        continue;
                    }
                    var (stored, dropped) = Encode(batch, receiveTimeNs);
                    values += stored;
                    duplicates += dropped;
                    sequenceNumbers.Add(batch.SequenceNumber);
                }
                if (_buffer.Records.Count > 0)
                {
                    await AppendAsync(_buffer.Records, cancellationToken).ConfigureAwait(false);
                }
                // Durable now: the server may let these messages go (the acks ride on the next Publish request).
                _buffer.Reset();
                foreach (var sequenceNumber in sequenceNumbers)
                {
                    _subscription.Acknowledge(sequenceNumber);
                }
                OpcUaMetrics.ValuesReceived.Add(values, _tags);
                OpcUaMetrics.MessagesAcknowledged.Add(sequenceNumbers.Count, _tags);
                if (duplicates > 0)
                {
                    OpcUaMetrics.ValuesDuplicate.Add(duplicates, _tags);
                }
            }
        }
        finally
        {
            // A gap with nothing stored after it (stopping, or the server never came back) is still recorded.
            RecordPendingGap(0);
        }
    }

    private (int Stored, int Duplicates) Encode(NotificationBatch batch, long receiveTimeNs)
    {
        var stored = 0;
        var duplicates = 0;
        var earliest = long.MaxValue;
        var byHandle = _byHandle;
        foreach (var notification in batch.Values)
        {
            var handle = notification.ClientHandle;
            var item = handle < (uint)byHandle.Length ? byHandle[handle] : _sparse?.GetValueOrDefault(handle);
            if (item is null)
            {
                continue;
            }
            if (!OpcUaPumpEncoder.TryEncode(item, notification.Value, receiveTimeNs, _buffer, out var sourceNs))
            {
                duplicates++;
                continue;
            }
            stored++;
            earliest = Math.Min(earliest, sourceNs);
            _lastStoredNs = Math.Max(_lastStoredNs, sourceNs);
        }
        if (stored > 0 && _pendingGap is not null)
        {
            RecordPendingGap(earliest);
        }
        return (stored, duplicates);
    }

    /// <summary>
    /// Retries a failed append (a full disk, say) with backoff instead of ending the session: the session and its
    /// subscription are what keep the unacknowledged messages at the server, so dropping them would lose the data.
    /// </summary>
    private async Task AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await _sink.AppendAsync(records, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                OpcUaLog.PipelineFailed(_logger, e, _endpoint.Name);
            }
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    /// <summary>
    /// Counts and logs the gap now; the ledger entry waits for the first value stored after it, so that it can name
    /// the span without values from both ends.
    /// </summary>
    private void OnGap(DataGap gap)
    {
        OpcUaMetrics.Gaps.Add(1, _tags);
        _onGap();
        OpcUaLog.Gap(_logger, _endpoint.Name, gap.SubscriptionId, gap.Reason.ToString(), gap.FirstSequenceNumber, gap.LastSequenceNumber,
            gap.From, gap.To, _items.Count);
        RecordPendingGap(0);
        _pendingGap = gap;
        _pendingGapBeforeNs = _lastStoredNs;
    }

    private void RecordPendingGap(long firstAfterNs)
    {
        if (_pendingGap is not { } gap)
        {
            return;
        }
        _pendingGap = null;
        var (count, firstNs, lastNs, detail) = OpcUaPumpGap.Describe(gap, _pendingGapBeforeNs, firstAfterNs, _items.Values.ToList());
        _ledger.Record(_source, "opcua-gap", count, firstNs, lastNs, detail);
    }
}
