using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Google.Protobuf;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Ledger;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Uplink;

/// <summary>
/// Moves the buffer to the cloud, one batch at a time so that order is kept per source. A batch leaves the
/// buffer only after the cloud said it is stored; what the cloud refuses is dead-lettered and recorded in the
/// loss ledger, so that a poison batch never blocks the queue.
/// </summary>
internal sealed class UplinkForwarder : BackgroundService
{
    private static readonly Counter<long> PointsSent = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.uplink.points.sent", "{point}", "Points the cloud stored.");
    private static readonly Counter<long> PointsRejected = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.uplink.points.rejected", "{point}", "Points the cloud refused; they are in the dead-letter files.");
    private static readonly Counter<long> Batches = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.uplink.batches", "{batch}", "Batch attempts by outcome.");
    private static readonly Histogram<double> BatchDuration = GatewayMeter.Meter.CreateHistogram<double>(
        "iiot.gateway.uplink.request.duration", "s", "Time from sending a batch to the cloud's answer.");

    private readonly IUplinkQueue _queue;
    private readonly CloudClient _client;
    private readonly DeadLetterStore _deadLetters;
    private readonly ILossLedger _ledger;
    private readonly UplinkStatus _status;
    private readonly UplinkOptions _options;
    private readonly string _gatewayId;
    private readonly TimeProvider _clock;
    private readonly ILogger<UplinkForwarder> _logger;
    private readonly Backoff _backoff;
    private readonly BatchEncoder _encoder = new();

    public UplinkForwarder(IUplinkQueue queue, CloudClient client, DeadLetterStore deadLetters, ILossLedger ledger,
        UplinkStatus status, IOptions<UplinkOptions> options, IOptions<GatewayOptions> gateway, TimeProvider clock,
        ILogger<UplinkForwarder> logger)
    {
        _queue = queue;
        _client = client;
        _deadLetters = deadLetters;
        _ledger = ledger;
        _status = status;
        _options = options.Value;
        _gatewayId = gateway.Value.Id;
        _clock = clock;
        _logger = logger;
        _backoff = new Backoff(_options.MinBackoff, _options.MaxBackoff, Random.Shared);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ulong next = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Every attempt reads the buffer again: what the overflow policy dropped meanwhile is not sent.
                var records = await _queue.ReadAsync(next, _options.MaxBatchPoints, _options.MaxBatchBytes, _options.BatchInterval, stoppingToken)
                    .ConfigureAwait(false);
                if (records.Count == 0)
                {
                    continue;
                }
                var done = await DeliverAsync(records, 0, records.Count, stoppingToken).ConfigureAwait(false);
                if (done > 0)
                {
                    next = records[done - 1].Index + 1;
                    await _queue.AcknowledgeAsync(next, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The batch stays in the buffer and is sent again: the cloud overwrites identically.
                Log.UplinkLoopFailed(_logger, e);
                await Task.Delay(_backoff.Next(), _clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Sends records[start..start+count) once. Returns how many of them, from start on, are done (stored in the
    /// cloud or dead-lettered); fewer than count means "not now": the caller reads the buffer again and retries.
    /// </summary>
    private async Task<int> DeliverAsync(IReadOnlyList<QueuedRecord> records, int start, int count, CancellationToken cancellationToken)
    {
        var sequence = records[start].Index;
        var body = _encoder.Encode(_gatewayId, sequence, UnixTime.Now(_clock), records, start, count);
        var started = Stopwatch.GetTimestamp();
        var response = await _client.SendAsync(body, $"{_gatewayId}:{sequence}", cancellationToken).ConfigureAwait(false);
        BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        Batches.Add(1, new KeyValuePair<string, object?>("outcome", response.Outcome.ToString().ToLowerInvariant()));
        switch (response.Outcome)
        {
            case UplinkOutcome.Stored:
                await HandleStoredAsync(records, start, count, response.Result!, cancellationToken).ConfigureAwait(false);
                _status.Succeeded(_clock.GetUtcNow());
                _backoff.Reset();
                return count;
            case UplinkOutcome.Refused:
                Log.BatchRefused(_logger, sequence, count, response.Detail);
                await DeadLetterAsync(records, start, count, "refused", response.Detail, cancellationToken).ConfigureAwait(false);
                return count;
            case UplinkOutcome.TooLarge when count == 1:
                await DeadLetterAsync(records, start, 1, "too_large", response.Detail, cancellationToken).ConfigureAwait(false);
                return 1;
            case UplinkOutcome.TooLarge:
                // UP-08: halve and send each half as a batch of its own.
                Log.BatchSplit(_logger, sequence, count);
                var half = count / 2;
                var first = await DeliverAsync(records, start, half, cancellationToken).ConfigureAwait(false);
                return first < half ? first : first + await DeliverAsync(records, start + half, count - half, cancellationToken).ConfigureAwait(false);
            case UplinkOutcome.Unauthorized:
                // UP-10: nothing is dropped; the key may be fixed on the cloud side while we keep buffering.
                _status.Failed(response.Detail, unauthorized: true);
                Log.UplinkUnauthorized(_logger, _client.CurrentUrl, response.Detail);
                await Task.Delay(_backoff.Next(_options.MaxBackoff), _clock, cancellationToken).ConfigureAwait(false);
                return 0;
            default:
                _status.Failed(response.Detail, unauthorized: false);
                var wait = _backoff.Next(response.RetryAfter);
                Log.UplinkRetry(_logger, sequence, response.Detail, wait.TotalSeconds);
                await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
                return 0;
        }
    }

    private async Task HandleStoredAsync(IReadOnlyList<QueuedRecord> records, int start, int count, BatchResult result, CancellationToken cancellationToken)
    {
        PointsSent.Add(result.AcceptedPoints);
        if (result.Rejected.Count == 0)
        {
            return;
        }
        // Rejection indexes count points only; loss records in the same batch are not numbered.
        var pointRecords = new List<int>(count);
        for (var i = start; i < start + count; i++)
        {
            if (BatchFraming.IsPoint(records[i].Payload.Span))
            {
                pointRecords.Add(i);
            }
        }
        var rejected = new List<(QueuedRecord Record, string Reason)>(result.Rejected.Count);
        foreach (var rejection in result.Rejected)
        {
            if (rejection.Index < pointRecords.Count)
            {
                rejected.Add((records[pointRecords[(int)rejection.Index]], rejection.Reason));
            }
        }
        Log.PointsRejected(_logger, records[start].Index, rejected.Count, rejected[0].Reason);
        foreach (var (record, reason) in rejected)
        {
            await WriteDeadLetterAsync(record, "rejected", reason, cancellationToken).ConfigureAwait(false);
        }
        RecordLoss(rejected.Select(r => r.Record), "rejected", rejected[0].Reason);
        PointsRejected.Add(rejected.Count);
    }

    private async Task DeadLetterAsync(IReadOnlyList<QueuedRecord> records, int start, int count, string reason, string detail, CancellationToken cancellationToken)
    {
        var slice = new List<QueuedRecord>(count);
        for (var i = start; i < start + count; i++)
        {
            slice.Add(records[i]);
            await WriteDeadLetterAsync(records[i], reason, detail, cancellationToken).ConfigureAwait(false);
        }
        RecordLoss(slice, reason, detail);
        PointsRejected.Add(count);
    }

    private ValueTask WriteDeadLetterAsync(QueuedRecord record, string reason, string detail, CancellationToken cancellationToken)
    {
        var message = BatchFraming.Unframe(record.Payload.Span);
        var source = message is Point point ? point.Source : "uplink";
        var json = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(message));
        return _deadLetters.WriteAsync(new DeadLetter(source, "uplink_" + reason, null, json, detail), cancellationToken);
    }

    private void RecordLoss(IEnumerable<QueuedRecord> records, string reason, string detail)
    {
        foreach (var group in records
            .Select(r => BatchFraming.Unframe(r.Payload.Span))
            .OfType<Point>()
            .GroupBy(p => p.Source))
        {
            var first = group.Min(p => p.SourceTimeNs);
            var last = group.Max(p => p.SourceTimeNs);
            _ledger.Record(group.Key, reason, (ulong)group.Count(), first, last, detail);
        }
    }
}
