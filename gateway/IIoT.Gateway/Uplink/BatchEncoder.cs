using System.Buffers;
using System.IO.Compression;
using IIoT.Contracts;

namespace IIoT.Gateway.Uplink;

/// <summary>Turns buffered records into a gzip-compressed protobuf Batch body without re-encoding the records.</summary>
internal static class BatchEncoder
{
    public static byte[] Encode(string gatewayId, ulong sequence, long sentTimeNs, IReadOnlyList<QueuedRecord> records, int start, int count)
    {
        var raw = new ArrayBufferWriter<byte>(64 + count * 96);
        BatchFraming.WriteHeader(raw, gatewayId, sequence, sentTimeNs);
        for (var i = start; i < start + count; i++)
        {
            raw.Write(records[i].Payload.Span);
        }
        using var compressed = new MemoryStream(raw.WrittenCount / 4 + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw.WrittenSpan);
        }
        return compressed.ToArray();
    }
}
