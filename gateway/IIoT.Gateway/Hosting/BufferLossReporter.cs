using IIoT.Contracts;
using IIoT.Gateway.Buffering;
using IIoT.Gateway.Ledger;

namespace IIoT.Gateway.Hosting;

/// <summary>What the DropOldest policy deletes is logged and recorded in the loss ledger, never silent.</summary>
internal sealed class BufferOverflowReporter(DurableBuffer buffer, ILossLedger ledger, ILogger<BufferOverflowReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        buffer.Dropped += OnDropped;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        buffer.Dropped -= OnDropped;
        return Task.CompletedTask;
    }

    private void OnDropped(DroppedRange range)
    {
        Log.BufferOverflowDropped(logger, range.Count, range.FirstIndex, range.LastIndex);
        ledger.Record("buffer", "overflow", range.Count, UnixTime.ToNanoseconds(range.FirstAppendedAt), UnixTime.ToNanoseconds(range.LastAppendedAt),
            $"buffer full: records {range.FirstIndex}..{range.LastIndex} dropped (DropOldest)");
    }
}
