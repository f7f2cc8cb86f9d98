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
/// pre-encoded per-item fields (<see cref="OpcUaPumpEncoder"/>), found by client handle in an array
/// (<see cref="OpcUaPumpItemMap"/>, which the source fills while the pump already runs).
/// </summary>
internal sealed class OpcUaGroupPump
{
    /// <summary>
    /// Record bytes per append (one fsync). A message of 100,000 values is some 9 MB of records: it is appended in
    /// parts of this size and acknowledged after its last part, so the memory an append needs (the pump's chunks, the
    /// writer's group buffer) stays small whatever the server puts into one message.
    /// </summary>
    internal const int DefaultMaxBytesPerAppend = 1 << 20;

    private readonly OpcUaEndpointOptions _endpoint;
    private readonly string _source;
    private readonly Subscription _subscription;
    private readonly OpcUaPumpItemMap _items;
    private readonly IRecordSink _sink;
    private readonly ILossLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _onGap;
    private readonly TagList _tags;
    private readonly OpcUaPumpBuffer _buffer = new();
    private long _lastStoredNs;
    private DataGap? _pendingGap;
    private long _pendingGapBeforeNs;

    /// <summary>Record bytes that end an append (<see cref="DefaultMaxBytesPerAppend"/>; tiny in tests to cut every message).</summary>
    internal int MaxBytesPerAppend { get; init; } = DefaultMaxBytesPerAppend;

    /// <summary>A message of which only the values before <see cref="_partialOffset"/> are appended so far.</summary>
    private NotificationBatch? _partial;
    private int _partialOffset;

    /// <param name="items">Client handle -> item; the source may still be adding to it while the pump runs.</param>
    public OpcUaGroupPump(OpcUaEndpointOptions endpoint, string source, Subscription subscription, OpcUaPumpItemMap items,
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
    }

    /// <summary>A pump over a fixed set of items (tests).</summary>
    public OpcUaGroupPump(OpcUaEndpointOptions endpoint, string source, Subscription subscription, IReadOnlyDictionary<uint, OpcUaItem> items,
        IRecordSink sink, ILossLedger ledger, TimeProvider time, ILogger logger, Action onGap)
        : this(endpoint, source, subscription, MapOf(endpoint, source, items), sink, ledger, time, logger, onGap)
    {
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _subscription.Notifications;
        var sequenceNumbers = new List<uint>();
        try
        {
            while (_partial is not null || await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sequenceNumbers.Clear();
                var values = 0;
                var duplicates = 0;
                var receiveTimeNs = UnixTime.Now(_time);
                while (_buffer.Bytes < MaxBytesPerAppend)
                {
                    var batch = _partial;
                    if (batch is null)
                    {
                        if (!reader.TryRead(out batch))
                        {
                            break;
                        }
                        if (batch.Gap is { } gap)
                        {
                            OnGap(gap);
                            continue;
                        }
                        _partialOffset = 0;
                    }
                    var (stored, dropped, end) = Encode(batch, _partialOffset, receiveTimeNs);
                    values += stored;
                    duplicates += dropped;
                    if (end < batch.Values.Length)
                    {
                        _partial = batch; // the rest goes into the next append; the message is acknowledged after it
                        _partialOffset = end;
                    }
                    else
                    {
                        _partial = null;
                        sequenceNumbers.Add(batch.SequenceNumber);
                    }
                }
                if (_buffer.Records.Count > 0)
                {
                    await AppendAsync(_buffer.Records, cancellationToken).ConfigureAwait(false);
                }
                // Durable now: the server may let the messages completed here go (the acks ride on the next Publish request).
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

    /// <summary>Encodes the values of <paramref name="batch"/> from <paramref name="offset"/> until the append is full; returns where it stopped.</summary>
    private (int Stored, int Duplicates, int End) Encode(NotificationBatch batch, int offset, long receiveTimeNs)
    {
        var stored = 0;
        var duplicates = 0;
        var earliest = long.MaxValue;
        var values = batch.Values;
        var i = offset;
        for (; i < values.Length && _buffer.Bytes < MaxBytesPerAppend; i++)
        {
            var notification = values[i];
            // Unknown: a handle the source removed (refused by the server), which has no values to lose.
            if (_items.Find(notification.ClientHandle) is not { } item)
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
        return (stored, duplicates, i);
    }

    private static OpcUaPumpItemMap MapOf(OpcUaEndpointOptions endpoint, string source, IReadOnlyDictionary<uint, OpcUaItem> items)
    {
        var map = new OpcUaPumpItemMap(endpoint, source);
        foreach (var (handle, item) in items)
        {
            map.Set(handle, item);
        }
        return map;
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
        var (count, firstNs, lastNs, detail) = OpcUaPumpGap.Describe(gap, _pendingGapBeforeNs, firstAfterNs, _items.Items());
        _ledger.Record(_source, "opcua-gap", count, firstNs, lastNs, detail);
    }
}
