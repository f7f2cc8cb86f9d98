using IIoT.Gateway.Buffering;
using IIoT.Gateway.Uplink;

namespace IIoT.Gateway.Hosting;

/// <summary>The durable buffer as the forwarder's queue.</summary>
internal sealed class BufferUplinkQueue(DurableBuffer buffer) : IUplinkQueue
{
    public async ValueTask<IReadOnlyList<QueuedRecord>> ReadAsync(ulong fromIndex, int maxRecords, int maxBytes, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var slice = await buffer.ReadAsync(fromIndex, maxRecords, maxBytes, maxWait, cancellationToken).ConfigureAwait(false);
        var records = new QueuedRecord[slice.Records.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var record = slice.Records[i];
            records[i] = new QueuedRecord(record.Index, record.Payload);
        }
        return records;
    }

    public ValueTask AcknowledgeAsync(ulong upToExclusive, CancellationToken cancellationToken) =>
        buffer.AcknowledgeAsync(upToExclusive, cancellationToken);
}
