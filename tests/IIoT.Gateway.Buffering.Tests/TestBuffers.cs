using System.Buffers.Binary;

namespace IIoT.Gateway.Buffering.Tests;

/// <summary>Shared helpers: options, payloads that carry their own id, draining reads, a timeout wrapper.</summary>
internal static class TestBuffers
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task Within(Func<Task> body) => body().WaitAsync(Timeout);

    public static DurableBufferOptions Options(string directory, long maxBytes = 64L << 20, long segmentBytes = 1L << 20,
        OverflowPolicy overflow = OverflowPolicy.Block, int maxRecordBytes = 0) => new()
    {
        Directory = directory,
        MaxBytes = maxBytes,
        SegmentBytes = segmentBytes,
        Overflow = overflow,
        MaxRecordBytes = maxRecordBytes > 0 ? maxRecordBytes : (int)Math.Min(64 * 1024, maxBytes / 4),
    };

    public static DurableBuffer Open(DurableBufferOptions options, ListLogger? logger = null) =>
        DurableBuffer.Open(options, TimeProvider.System, logger ?? new ListLogger());

    /// <summary>Records of <paramref name="size"/> bytes whose first four bytes are their id.</summary>
    public static ReadOnlyMemory<byte>[] Batch(int firstId, int count, int size = 80)
    {
        var batch = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[size];
            payload.AsSpan().Fill((byte)(firstId + i));
            BinaryPrimitives.WriteInt32LittleEndian(payload, firstId + i);
            batch[i] = payload;
        }
        return batch;
    }

    public static int IdOf(BufferRecord record) => BinaryPrimitives.ReadInt32LittleEndian(record.Payload.Span);

    public static async Task AppendManyAsync(DurableBuffer buffer, int firstId, int batches, int perBatch, int size = 80)
    {
        for (var b = 0; b < batches; b++)
        {
            await buffer.AppendAsync(Batch(firstId + (b * perBatch), perBatch, size), CancellationToken.None);
        }
    }

    /// <summary>Reads everything committed from <paramref name="from"/> on, without waiting for more.</summary>
    public static async Task<List<BufferRecord>> ReadAllAsync(DurableBuffer buffer, ulong from = 0, int maxRecords = 100)
    {
        var all = new List<BufferRecord>();
        while (true)
        {
            var slice = await buffer.ReadAsync(from, maxRecords, 1 << 20, TimeSpan.Zero, CancellationToken.None);
            if (slice.Records.Count == 0)
            {
                return all;
            }
            all.AddRange(slice.Records);
            from = slice.NextIndex;
        }
    }

    public static string[] SegmentFiles(string directory)
    {
        var files = Directory.GetFiles(directory, "*.seg");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }
}
