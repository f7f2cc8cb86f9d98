using System.Threading.Channels;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Buffering;

namespace IIoT.Gateway.Ledger;

/// <summary>
/// Puts loss records into the durable buffer, where they travel to the cloud like points and become
/// "iiot_loss" points there. Record() never blocks: the records are appended by a loop of their own.
/// </summary>
internal sealed class BufferedLossLedger : BackgroundService, ILossLedger
{
    private readonly Channel<LossRecord> _pending = Channel.CreateBounded<LossRecord>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly IRecordSink _sink;
    private readonly TimeProvider _clock;
    private readonly ILogger<BufferedLossLedger> _logger;
    private long _notQueued;

    public BufferedLossLedger(IRecordSink sink, TimeProvider clock, ILogger<BufferedLossLedger> logger)
    {
        _sink = sink;
        _clock = clock;
        _logger = logger;
    }

    public void Record(string source, string reason, ulong count, long firstTimeNs, long lastTimeNs, string detail)
    {
        var record = new LossRecord
        {
            Source = source,
            Reason = reason,
            Count = count,
            FirstTimeNs = firstTimeNs,
            LastTimeNs = lastTimeNs,
            RecordedTimeNs = UnixTime.Now(_clock),
            Detail = detail.Length > 500 ? detail[..500] : detail,
        };
        if (!_pending.Writer.TryWrite(record))
        {
            Log.LedgerQueueFull(_logger, Interlocked.Increment(ref _notQueued));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ReadOnlyMemory<byte>>();
        while (await _pending.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 100 && _pending.Reader.TryRead(out var record))
            {
                batch.Add(BatchFraming.Frame(record));
            }
            while (true)
            {
                try
                {
                    await _sink.AppendAsync(batch, stoppingToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.LedgerAppendFailed(_logger, e);
                    await Task.Delay(TimeSpan.FromSeconds(1), _clock, stoppingToken).ConfigureAwait(false);
                }
            }
        }
    }
}
