using IIoT.Testing;
using static IIoT.Gateway.Buffering.Tests.TestBuffers;

namespace IIoT.Gateway.Buffering.Tests;

/// <summary>Writers, the reader, acknowledgements and segment deletion all at once.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(OverflowPolicy.Block)]
    [InlineData(OverflowPolicy.DropOldest)]
    public Task Producers_and_a_consumer_under_a_tight_bound_lose_nothing_silently(OverflowPolicy policy) => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        await using var buffer = Open(Options(dir.Path, maxBytes: 64 * 1024, overflow: policy));
        long dropped = 0;
        buffer.Dropped += r => Interlocked.Add(ref dropped, (long)r.Count);
        const int producers = 8;
        const int batchesEach = 100;
        const int total = producers * batchesEach * 10;

        var writers = new Task[producers];
        for (var p = 0; p < producers; p++)
        {
            var first = p * batchesEach * 10;
            writers[p] = Task.Run(() => AppendManyAsync(buffer, first, batchesEach, 10));
        }
        var seen = new bool[total];
        var delivered = 0;
        ulong next = 0;
        ulong lastIndex = 0;
        var done = Task.WhenAll(writers);
        while (true)
        {
            var slice = await buffer.ReadAsync(next, 97, 1 << 20, TimeSpan.FromMilliseconds(20), CancellationToken.None);
            foreach (var record in slice.Records)
            {
                Assert.True(record.Index >= next && (delivered == 0 || record.Index > lastIndex), "in index order, once");
                Assert.False(seen[IdOf(record)]);
                seen[IdOf(record)] = true;
                lastIndex = record.Index;
                delivered++;
            }
            if (slice.Records.Count > 0)
            {
                next = slice.NextIndex;
                await buffer.AcknowledgeAsync(next, CancellationToken.None);
            }
            else if (done.IsCompleted)
            {
                break;
            }
        }
        await done;

        // Nothing vanishes unreported. A record read but not yet acknowledged when its segment is dropped is
        // both delivered and reported lost: a conservative over-report, never a silent loss.
        Assert.True(delivered + Interlocked.Read(ref dropped) >= total, $"delivered {delivered} + dropped {dropped} < {total}");
        Assert.True(delivered <= total);
        Assert.Equal(Interlocked.Read(ref dropped), buffer.Stats.DroppedRecords);
        if (policy == OverflowPolicy.Block)
        {
            Assert.Equal(0, buffer.Stats.DroppedRecords);
        }
        Assert.True(buffer.Stats.Bytes <= 64 * 1024);
    });
}
