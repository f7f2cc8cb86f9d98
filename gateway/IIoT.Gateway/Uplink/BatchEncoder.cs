using System.Buffers;
using System.IO.Compression;
using IIoT.Contracts;

namespace IIoT.Gateway.Uplink;

/// <summary>
/// Turns buffered records into a gzip-compressed protobuf Batch body without re-encoding the records.
/// One encoder per forwarder: its buffers are reused from batch to batch, so that megabyte-sized batches do
/// not leave a large-object-heap array behind each time (the gateway's memory stays flat).
/// </summary>
internal sealed class BatchEncoder
{
    private readonly ArrayBufferWriter<byte> _raw = new(64 * 1024);
    private readonly MemoryStream _compressed = new(64 * 1024);

    /// <summary>The body; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(string gatewayId, ulong sequence, long sentTimeNs, IReadOnlyList<QueuedRecord> records, int start, int count)
    {
        _raw.ResetWrittenCount();
        BatchFraming.WriteHeader(_raw, gatewayId, sequence, sentTimeNs);
        for (var i = start; i < start + count; i++)
        {
            _raw.Write(records[i].Payload.Span);
        }
        _compressed.SetLength(0);
        using (var gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(_raw.WrittenSpan);
        }
        return _compressed.GetBuffer().AsMemory(0, (int)_compressed.Length);
    }
}
