using IIoT.Testing;
using Microsoft.Extensions.Logging;
using static IIoT.Gateway.Buffering.Tests.TestBuffers;

namespace IIoT.Gateway.Buffering.Tests;

/// <summary>Open-time recovery: torn tails, bit flips, foreign and empty files (BUF-01, BUF-04, BUF-05).</summary>
public sealed class RecoveryTests
{
    private const int EncodedRecord = 28 + 80;

    [Theory]
    [InlineData(50)] // a partial record: header and part of the payload
    [InlineData(5)] // a partial header
    public Task BUF_01_torn_tail_of_the_last_segment_is_truncated_and_earlier_records_survive(int tornBytes) => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 5, perBatch: 10);
        }
        var segment = SegmentFiles(dir.Path)[^1];
        var intact = 24 + (50 * EncodedRecord);
        var firstRecord = File.ReadAllBytes(segment).AsSpan(24, EncodedRecord).ToArray();
        using (var stream = new FileStream(segment, FileMode.Open))
        {
            stream.Position = intact;
            stream.Write(firstRecord, 0, tornBytes); // what a crash mid-write leaves behind
            stream.Write(new byte[10_000]); // and the zero-filled region the writer keeps ahead of itself
        }

        var logger = new ListLogger();
        await using (var reopened = Open(options, logger))
        {
            Assert.Equal(intact, new FileInfo(segment).Length);
            Assert.True(logger.Has(LogLevel.Warning, "Truncated torn tail"));
            Assert.Equal(0, reopened.Stats.CorruptRecords);
            await reopened.AppendAsync(Batch(50, 10), CancellationToken.None);
            var records = await ReadAllAsync(reopened);
            Assert.Equal(60, records.Count);
            for (var i = 0; i < 60; i++)
            {
                Assert.Equal((ulong)i, records[i].Index);
                Assert.Equal(i, IdOf(records[i]));
            }
        }
    });

    [Fact]
    public Task BUF_01_garbage_after_the_last_record_is_truncated() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 2, perBatch: 10);
        }
        var segment = SegmentFiles(dir.Path)[^1];
        var intact = 24 + (20 * EncodedRecord);
        var garbage = new byte[4000];
        new Random(7).NextBytes(garbage);
        using (var stream = new FileStream(segment, FileMode.Open))
        {
            stream.Position = intact;
            stream.Write(garbage);
        }

        await using var reopened = Open(options);
        Assert.Equal(intact, new FileInfo(segment).Length);
        Assert.Equal(20, (await ReadAllAsync(reopened)).Count);
    });

    [Theory]
    [InlineData(33)] // payload byte
    [InlineData(5)] // length field: a plausible but wrong length
    [InlineData(7)] // length field: larger than MaxRecordBytes
    [InlineData(0)] // magic
    [InlineData(14)] // stored index
    [InlineData(22)] // append time
    public Task BUF_04_bit_flip_in_a_middle_record_skips_only_that_record_and_later_segments_are_delivered(int byteInRecord) => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path, segmentBytes: 8 * 1024);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 30, perBatch: 10);
        }
        var segments = SegmentFiles(dir.Path);
        Assert.True(segments.Length >= 3);
        FlipBit(segments[0], 24 + (10 * EncodedRecord) + byteInRecord, (byte)(byteInRecord == 7 ? 0x40 : 0x01));

        var logger = new ListLogger();
        await using var reopened = Open(options, logger);
        var records = await ReadAllAsync(reopened);

        Assert.Equal(1, reopened.Stats.CorruptRecords);
        Assert.True(logger.Has(LogLevel.Error, "Corrupt data"));
        Assert.Equal(299, records.Count);
        Assert.DoesNotContain(records, r => r.Index == 10);
        for (var i = 0; i < records.Count; i++)
        {
            var expected = i < 10 ? i : i + 1;
            Assert.Equal((ulong)expected, records[i].Index);
            Assert.Equal(expected, IdOf(records[i]));
        }
    });

    [Fact]
    public Task BUF_04_corruption_in_the_last_segment_before_valid_records_is_skipped_not_truncated() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 3, perBatch: 10);
        }
        var segment = SegmentFiles(dir.Path)[^1];
        for (var r = 3; r < 6; r++)
        {
            FlipBit(segment, 24 + (r * EncodedRecord) + 40, 0x10);
        }

        await using var reopened = Open(options);
        var records = await ReadAllAsync(reopened);

        Assert.Equal(27, records.Count);
        Assert.Equal(3, reopened.Stats.CorruptRecords); // the stored indexes say three records were lost
        Assert.Equal(29UL, records[^1].Index);
    });

    [Fact]
    public Task Zero_filled_tail_left_by_a_crash_is_cut_without_warnings_or_corruption() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path, segmentBytes: 8 * 1024);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 20, perBatch: 10);
        }
        foreach (var file in SegmentFiles(dir.Path))
        {
            File.AppendAllBytes(file, new byte[3000]); // as a crash leaves the writer's zero-filled region
        }

        var logger = new ListLogger();
        await using var reopened = Open(options, logger);

        Assert.Equal(0, reopened.Stats.CorruptRecords);
        Assert.False(logger.Has(LogLevel.Warning, "Truncated"));
        Assert.Equal(200, (await ReadAllAsync(reopened)).Count);
    });

    [Fact]
    public Task BUF_05_foreign_file_is_ignored_and_zero_length_or_headerless_segments_are_removed() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 2, perBatch: 10);
        }
        File.WriteAllText(dir.Combine("notes.txt"), "left here by an operator");
        File.WriteAllBytes(dir.Combine("000000000000000500.seg"), []);
        File.WriteAllBytes(dir.Combine("000000000000000400.seg"), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        var logger = new ListLogger();
        await using var reopened = Open(options, logger);

        Assert.True(File.Exists(dir.Combine("notes.txt")));
        Assert.False(File.Exists(dir.Combine("000000000000000500.seg")));
        Assert.False(File.Exists(dir.Combine("000000000000000400.seg")));
        Assert.True(logger.Has(LogLevel.Warning, "foreign file notes.txt"));
        Assert.True(logger.Has(LogLevel.Warning, "zero length"));
        Assert.True(logger.Has(LogLevel.Warning, "no valid segment header"));
        await reopened.AppendAsync(Batch(20, 1), CancellationToken.None);
        var records = await ReadAllAsync(reopened);
        Assert.Equal(21, records.Count);
        Assert.Equal(20UL, records[^1].Index);
    });

    [Fact]
    public Task BUF_05_segment_deleted_while_running_is_skipped_by_the_reader() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        await using var buffer = Open(Options(dir.Path, segmentBytes: 8 * 1024));
        await AppendManyAsync(buffer, 0, batches: 30, perBatch: 10);
        var segments = SegmentFiles(dir.Path);
        File.Delete(segments[1]);

        var records = await ReadAllAsync(buffer);

        Assert.InRange(records.Count, 200, 299);
        Assert.Equal(0UL, records[0].Index);
        Assert.Equal(299UL, records[^1].Index);
        await buffer.AppendAsync(Batch(300, 1), CancellationToken.None);
        Assert.Equal(300UL, (await ReadAllAsync(buffer, 300))[0].Index);
    });

    [Fact]
    public Task Empty_read_region_after_skipped_indexes_waits_instead_of_spinning() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        await using (var buffer = Open(options))
        {
            await AppendManyAsync(buffer, 0, batches: 1, perBatch: 10);
        }
        var segment = SegmentFiles(dir.Path)[^1];
        for (var r = 5; r < 10; r++)
        {
            FlipBit(segment, 24 + (r * EncodedRecord) + 40, 0x10); // the tail records become a torn tail
        }
        // A header-only segment named 20, as a failed write followed by a restart leaves: indexes 10..19 never existed.
        var header = new byte[24];
        SegmentHeader.Write(header, 20);
        File.WriteAllBytes(dir.Combine("000000000000000020.seg"), header);

        await using var reopened = Open(options);
        var slice = await reopened.ReadAsync(5, 10, 1 << 20, TimeSpan.FromMilliseconds(100), CancellationToken.None);
        Assert.Empty(slice.Records);
        await reopened.AppendAsync(Batch(99, 1), CancellationToken.None);
        var next = await reopened.ReadAsync(5, 10, 1 << 20, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(20UL, Assert.Single(next.Records).Index);
        Assert.True(next.HasGap);
    });

    private static void FlipBit(string path, long offset, byte mask)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ mask));
    }
}
