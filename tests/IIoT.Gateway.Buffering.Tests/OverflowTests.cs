using System.Collections.Concurrent;
using IIoT.Testing;
using Microsoft.Extensions.Logging;
using static IIoT.Gateway.Buffering.Tests.TestBuffers;

namespace IIoT.Gateway.Buffering.Tests;

/// <summary>BUF-08: the configured policy is applied exactly when the buffer is full.</summary>
public sealed class OverflowTests
{
    private const long MaxBytes = 64 * 1024; // effective segments of 8 KiB
    private const int BatchBytes = 10 * (28 + 80);

    [Fact]
    public Task BUF_08_Block_makes_appends_wait_and_resumes_them_after_an_acknowledgement() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var logger = new ListLogger();
        await using var buffer = Open(Options(dir.Path, maxBytes: MaxBytes, overflow: OverflowPolicy.Block), logger);
        var id = 0;
        while (buffer.Stats.Bytes + BatchBytes + 24 <= MaxBytes)
        {
            await buffer.AppendAsync(Batch(id, 10), CancellationToken.None);
            id += 10;
        }

        var blocked = buffer.AppendAsync(Batch(id, 10), CancellationToken.None).AsTask();
        await Wait.UntilAsync(() => logger.Has(LogLevel.Debug, "Buffer full"), TestBuffers.Timeout, "the writer to block");
        Assert.False(blocked.IsCompleted);
        Assert.Equal(id, buffer.Stats.AppendedRecords);

        var slice = await buffer.ReadAsync(0, 200, 1 << 20, TimeSpan.Zero, CancellationToken.None);
        await buffer.AcknowledgeAsync(slice.NextIndex, CancellationToken.None);
        await blocked;

        Assert.Equal(0, buffer.Stats.DroppedRecords);
        Assert.True(buffer.Stats.Bytes <= MaxBytes);
        var rest = await ReadAllAsync(buffer, slice.NextIndex);
        Assert.Equal(id + 10 - (int)slice.NextIndex, rest.Count);
        Assert.Equal(id, IdOf(rest[^10]));
    });

    [Fact]
    public Task BUF_08_Block_wait_can_be_cancelled_and_nothing_of_the_cancelled_batch_is_stored() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var logger = new ListLogger();
        await using var buffer = Open(Options(dir.Path, maxBytes: MaxBytes, overflow: OverflowPolicy.Block), logger);
        while (buffer.Stats.Bytes + BatchBytes + 24 <= MaxBytes)
        {
            await buffer.AppendAsync(Batch(0, 10), CancellationToken.None);
        }
        var appended = buffer.Stats.AppendedRecords;
        using var cts = new CancellationTokenSource();

        var blocked = buffer.AppendAsync(Batch(9999, 10), cts.Token).AsTask();
        await Wait.UntilAsync(() => logger.Has(LogLevel.Debug, "Buffer full"), TestBuffers.Timeout, "the writer to block");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        await buffer.AcknowledgeAsync(ulong.MaxValue, CancellationToken.None);
        await buffer.AppendAsync(Batch(5000, 1), CancellationToken.None);
        var records = await ReadAllAsync(buffer, (ulong)appended);
        Assert.Equal(5000, IdOf(Assert.Single(records)));
    });

    [Fact]
    public Task BUF_08_DropOldest_drops_whole_oldest_segments_counts_them_and_raises_the_callback() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var logger = new ListLogger();
        await using var buffer = Open(Options(dir.Path, maxBytes: MaxBytes, overflow: OverflowPolicy.DropOldest), logger);
        var dropped = new ConcurrentQueue<DroppedRange>();
        buffer.Dropped += dropped.Enqueue;

        await AppendManyAsync(buffer, 0, batches: 200, perBatch: 10);

        Assert.NotEmpty(dropped);
        Assert.True(buffer.Stats.Bytes <= MaxBytes);
        ulong total = 0;
        ulong expectedFirst = 0;
        foreach (var range in dropped)
        {
            Assert.Equal(expectedFirst, range.FirstIndex); // contiguous, oldest first
            Assert.True(range.Count > 10, "a whole segment at a time, not record by record");
            Assert.Equal(range.LastIndex - range.FirstIndex + 1, range.Count);
            Assert.True(range.FirstAppendedAt <= range.LastAppendedAt);
            expectedFirst = range.LastIndex + 1;
            total += range.Count;
        }
        Assert.Equal((long)total, buffer.Stats.DroppedRecords);
        Assert.True(logger.Has(LogLevel.Warning, "dropped"));

        var slice = await buffer.ReadAsync(0, 5000, 1 << 20, TimeSpan.Zero, CancellationToken.None);
        Assert.True(slice.HasGap);
        Assert.Equal(expectedFirst, slice.FirstIndex);
        Assert.Equal(2000 - (int)total, slice.Records.Count);
        Assert.Equal(1999UL, slice.Records[^1].Index);
    });

    [Fact]
    public Task BUF_08_DropOldest_counts_only_unacknowledged_records_of_a_dropped_segment() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        await using var buffer = Open(Options(dir.Path, maxBytes: MaxBytes, overflow: OverflowPolicy.DropOldest));
        var dropped = new ConcurrentQueue<DroppedRange>();
        buffer.Dropped += dropped.Enqueue;
        await AppendManyAsync(buffer, 0, batches: 5, perBatch: 10);
        await buffer.AcknowledgeAsync(30, CancellationToken.None); // inside the first segment: nothing deleted yet

        await AppendManyAsync(buffer, 50, batches: 100, perBatch: 10);

        Assert.Equal(30UL, dropped.First().FirstIndex);
    });
}
