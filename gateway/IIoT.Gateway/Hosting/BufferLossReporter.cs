using IIoT.Contracts;
using IIoT.Gateway.Buffering;
using IIoT.Gateway.Ledger;

namespace IIoT.Gateway.Hosting;

/// <summary>
/// What the buffer loses is logged and recorded in the loss ledger, never silent: records the DropOldest policy
/// deletes (as they go), and records found corrupt on disk (at start and while reading), which are skipped.
/// </summary>
internal sealed class BufferLossReporter(DurableBuffer buffer, ILossLedger ledger, TimeProvider clock, ILogger<BufferLossReporter> logger)
    : BackgroundService
{
    private static readonly TimeSpan CorruptionCheckInterval = TimeSpan.FromSeconds(10);
    private long _corruptReported;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        buffer.Dropped += OnDropped;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        buffer.Dropped -= OnDropped;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CorruptionCheckInterval, clock);
        do
        {
            ReportNewCorruption();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private void ReportNewCorruption()
    {
        var corrupt = buffer.Stats.CorruptRecords;
        var fresh = corrupt - _corruptReported;
        if (fresh <= 0)
        {
            return;
        }
        _corruptReported = corrupt;
        Log.BufferCorruptSkipped(logger, fresh);
        var now = UnixTime.Now(clock);
        // When a corrupt record was written is unknown (its header is not trusted): the time is that of the finding.
        ledger.Record("buffer", "corrupt", (ulong)fresh, now, now, "records failed their checksum on disk and were skipped");
    }

    private void OnDropped(DroppedRange range)
    {
        Log.BufferOverflowDropped(logger, range.Count, range.FirstIndex, range.LastIndex);
        ledger.Record("buffer", "overflow", range.Count, UnixTime.ToNanoseconds(range.FirstAppendedAt), UnixTime.ToNanoseconds(range.LastAppendedAt),
            $"buffer full: records {range.FirstIndex}..{range.LastIndex} dropped (DropOldest)");
    }
}
