using IIoT.Testing;
using Microsoft.Extensions.Logging;
using static IIoT.Gateway.Buffering.Tests.TestBuffers;

namespace IIoT.Gateway.Buffering.Tests;

/// <summary>
/// BUF-01 without a real kill -9: each test closes the buffer and then puts the directory into the state a crash
/// at one instrumented point leaves behind (the buffer keeps no state outside its files, so closing adds nothing
/// a crash would not have). Power loss (BUF-02, unflushed page cache) is not simulated here.
/// </summary>
public sealed class CrashSimulationTests
{
    [Fact]
    public Task BUF_01_simulated_crash_between_cursor_write_and_segment_unlink_finishes_the_deletion_on_open() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path, segmentBytes: 8 * 1024);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 30, perBatch: 10);
        }
        var before = SegmentFiles(dir.Path).Length;
        new AckCursorFile(dir.Path).Save(200); // the cursor is durable; the crash came before any unlink

        await using var reopened = Open(options);

        Assert.True(SegmentFiles(dir.Path).Length < before);
        Assert.Equal(200UL, reopened.Stats.AckCursor);
        var records = await ReadAllAsync(reopened, reopened.Stats.AckCursor);
        Assert.Equal(100, records.Count);
        Assert.Equal(200UL, records[0].Index);
    });

    [Fact]
    public Task BUF_01_simulated_crash_during_cursor_replace_keeps_the_previous_cursor() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 10, perBatch: 10);
            await buffer.AcknowledgeAsync(40, CancellationToken.None);
        }
        File.WriteAllBytes(dir.Combine(AckCursorFile.TempFileName), [1, 2, 3]); // torn temp file, never renamed

        await using var reopened = Open(options);

        Assert.Equal(40UL, reopened.Stats.AckCursor);
        Assert.False(File.Exists(dir.Combine(AckCursorFile.TempFileName)));
        Assert.Equal(60, (await ReadAllAsync(reopened, 40)).Count);
    });

    [Fact]
    public Task BUF_01_corrupt_cursor_restarts_delivery_at_the_first_segment_with_duplicates_but_no_loss() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 10, perBatch: 10);
            await buffer.AcknowledgeAsync(40, CancellationToken.None);
        }
        File.WriteAllBytes(dir.Combine(AckCursorFile.FileName), new byte[16]);

        var logger = new ListLogger();
        await using var reopened = Open(options, logger);

        Assert.Equal(0UL, reopened.Stats.AckCursor);
        Assert.True(logger.Has(LogLevel.Warning, "cursor file is corrupt"));
        var records = await ReadAllAsync(reopened, reopened.Stats.AckCursor);
        Assert.Equal(100, records.Count); // 0..39 again: duplicates, which the idempotent sink absorbs
        await reopened.AppendAsync(Batch(100, 1), CancellationToken.None);
        Assert.Equal(100UL, (await ReadAllAsync(reopened, 100))[0].Index);
    });

    [Fact]
    public Task BUF_01_simulated_crash_while_creating_a_segment_leaves_no_orphan_and_indexes_continue() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path, segmentBytes: 8 * 1024);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 10, perBatch: 10);
        }
        File.WriteAllBytes(dir.Combine("000000000000000100.seg"), new byte[10]); // created, header not yet written

        await using var reopened = Open(options);

        Assert.False(File.Exists(dir.Combine("000000000000000100.seg")));
        await reopened.AppendAsync(Batch(100, 10), CancellationToken.None);
        var records = await ReadAllAsync(reopened);
        Assert.Equal(110, records.Count);
        Assert.Equal(109UL, records[^1].Index);
    });

    [Fact]
    public Task BUF_01_simulated_crash_after_write_before_fsync_loses_only_the_unreported_group() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        long durableLength;
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 5, perBatch: 10);
            durableLength = 24 + (50 * 108);
            await buffer.AppendAsync(Batch(50, 10), CancellationToken.None);
        }
        // The last group reached the page cache but not the disk: half of it survives, cut mid-record.
        using (var stream = new FileStream(SegmentFiles(dir.Path)[^1], FileMode.Open))
        {
            stream.SetLength(durableLength + (5 * 108) + 17);
        }

        await using var reopened = Open(options);
        var records = await ReadAllAsync(reopened);

        Assert.Equal(55, records.Count); // every record reported durable before the crash, plus whole survivors
        Assert.Equal(0, reopened.Stats.CorruptRecords);
        await reopened.AppendAsync(Batch(1000, 1), CancellationToken.None);
        Assert.Equal(55UL, (await ReadAllAsync(reopened, 55))[0].Index);
    });
}
