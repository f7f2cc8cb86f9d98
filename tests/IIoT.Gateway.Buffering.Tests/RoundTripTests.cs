using IIoT.Testing;
using static IIoT.Gateway.Buffering.Tests.TestBuffers;

namespace IIoT.Gateway.Buffering.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public Task Appended_records_are_read_back_in_order_with_contiguous_indexes() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        await using var buffer = Open(Options(dir.Path));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await AppendManyAsync(buffer, 0, batches: 50, perBatch: 10);

        var records = await ReadAllAsync(buffer);

        Assert.Equal(500, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal((ulong)i, records[i].Index);
            Assert.Equal(i, IdOf(records[i]));
            Assert.Equal(80, records[i].Payload.Length);
            Assert.InRange(records[i].AppendedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        }
        Assert.Equal(500, buffer.Stats.AppendedRecords);
        Assert.Equal(500, buffer.Stats.RecordCount);
    });

    [Fact]
    public Task Concurrent_appenders_all_complete_and_every_record_is_stored_once() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        await using var buffer = Open(Options(dir.Path, segmentBytes: 64 * 1024));
        var producers = new Task[16];
        for (var p = 0; p < producers.Length; p++)
        {
            var id = p * 10_000;
            producers[p] = Task.Run(() => AppendManyAsync(buffer, id, batches: 40, perBatch: 10));
        }
        await Task.WhenAll(producers);

        var records = await ReadAllAsync(buffer, maxRecords: 1000);

        Assert.Equal(16 * 400, records.Count);
        var ids = new HashSet<int>();
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal((ulong)i, records[i].Index);
            Assert.True(ids.Add(IdOf(records[i])));
        }
        Assert.True(SegmentFiles(dir.Path).Length > 1, "64 KiB segments should have rolled");
    });

    [Fact]
    public Task Read_respects_maxRecords_and_maxBytes_but_returns_at_least_one_record() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        await using var buffer = Open(Options(dir.Path));
        await AppendManyAsync(buffer, 0, batches: 1, perBatch: 10, size: 100);

        var byCount = await buffer.ReadAsync(0, 3, 1 << 20, TimeSpan.Zero, CancellationToken.None);
        var byBytes = await buffer.ReadAsync(3, 100, 250, TimeSpan.Zero, CancellationToken.None);
        var tiny = await buffer.ReadAsync(5, 100, 1, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(3, byCount.Records.Count);
        Assert.Equal(3UL, byCount.NextIndex);
        Assert.Equal(2, byBytes.Records.Count);
        Assert.Equal(3UL, byBytes.FirstIndex);
        Assert.Single(tiny.Records);
        Assert.Equal(5UL, tiny.Records[0].Index);
    });

    [Fact]
    public Task Read_waits_for_an_append_and_times_out_empty_when_none_comes() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        await using var buffer = Open(Options(dir.Path));

        var empty = await buffer.ReadAsync(0, 10, 1 << 20, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var waiting = buffer.ReadAsync(0, 10, 1 << 20, TimeSpan.FromSeconds(20), CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        await buffer.AppendAsync(Batch(7, 2), CancellationToken.None);
        var slice = await waiting;

        Assert.Empty(empty.Records);
        Assert.False(empty.HasGap);
        Assert.Equal(2, slice.Records.Count);
        Assert.Equal(7, IdOf(slice.Records[0]));
    });

    [Fact]
    public Task Acknowledged_records_are_not_redelivered_after_restart_and_indexes_continue() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path, segmentBytes: 8 * 1024);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 30, perBatch: 10);
            await buffer.AcknowledgeAsync(123, CancellationToken.None);
            Assert.Equal(123UL, buffer.Stats.AckCursor);
            Assert.Equal(300 - 123, buffer.Stats.RecordCount);
        }

        await using (var reopened = Open(options))
        {
            Assert.Equal(123UL, reopened.Stats.AckCursor);
            var slice = await reopened.ReadAsync(0, 1000, 1 << 20, TimeSpan.Zero, CancellationToken.None); // a forwarder starting over
            Assert.False(slice.HasGap); // acknowledged records are skipped, not lost
            Assert.Equal(123UL, slice.Records[0].Index);
            Assert.Equal(123, IdOf(slice.Records[0]));
            Assert.Equal(300 - 123, slice.Records.Count);

            await reopened.AppendAsync(Batch(1000, 1), CancellationToken.None);
            var next = await reopened.ReadAsync(300, 10, 1 << 20, TimeSpan.Zero, CancellationToken.None);
            Assert.Equal(300UL, next.Records[0].Index);
            Assert.Equal(1000, IdOf(next.Records[0]));
        }
    });

    [Fact]
    public Task Acknowledging_deletes_wholly_acknowledged_segments_and_keeps_the_index_after_all_are_gone() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path, segmentBytes: 4096);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 20, perBatch: 10);
            var segmentsBefore = SegmentFiles(dir.Path).Length;
            var bytesBefore = buffer.Stats.Bytes;

            await buffer.AcknowledgeAsync(200, CancellationToken.None);

            Assert.True(segmentsBefore > 3);
            Assert.Single(SegmentFiles(dir.Path)); // only the active segment stays
            Assert.True(buffer.Stats.Bytes < bytesBefore);
            Assert.Equal(0, buffer.Stats.RecordCount);
            Assert.Null(buffer.Stats.OldestUnackedAppendedAt);
            Assert.Empty(await ReadAllAsync(buffer, 200));
        }
        foreach (var f in SegmentFiles(dir.Path))
        {
            File.Delete(f); // even with no segment left, the cursor carries the index
        }
        await using (var reopened = Open(options))
        {
            await reopened.AppendAsync(Batch(5, 1), CancellationToken.None);
            var records = await ReadAllAsync(reopened);
            Assert.Equal(200UL, Assert.Single(records).Index);
        }
    });

    [Fact]
    public Task Stats_report_the_oldest_unacknowledged_append_time() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        await using var buffer = DurableBuffer.Open(Options(dir.Path), clock, new ListLogger());
        await buffer.AppendAsync(Batch(0, 5), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await buffer.AppendAsync(Batch(5, 5), CancellationToken.None);

        Assert.Equal(clock.Start, buffer.Stats.OldestUnackedAppendedAt);
        await buffer.AcknowledgeAsync(5, CancellationToken.None);
        Assert.Equal(clock.Start.AddMinutes(1), buffer.Stats.OldestUnackedAppendedAt);
        Assert.Equal(5, buffer.Stats.RecordCount);
    });
}
