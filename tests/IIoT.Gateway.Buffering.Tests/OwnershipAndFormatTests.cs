using System.Text;
using IIoT.Testing;
using static IIoT.Gateway.Buffering.Tests.TestBuffers;

namespace IIoT.Gateway.Buffering.Tests;

/// <summary>Single owner (BUF-10), format versions (BUF-11), options validation and the checksum.</summary>
public sealed class OwnershipAndFormatTests
{
    [Fact]
    public Task BUF_10_second_open_of_the_same_directory_is_refused_until_the_owner_closes() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        var first = Open(options);
        await first.AppendAsync(Batch(0, 3), CancellationToken.None);

        var refused = Assert.Throws<BufferLockedException>(() => Open(options));
        Assert.Contains("already owned", refused.Message, StringComparison.Ordinal);

        await first.DisposeAsync();
        await using var second = Open(options);
        Assert.Equal(3, (await ReadAllAsync(second)).Count);
    });

    [Fact]
    public Task BUF_10_repeated_restarts_do_not_grow_segment_files_or_replay_acknowledged_records() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        var options = Options(dir.Path);
        ulong cursor = 0;
        for (var restart = 0; restart < 20; restart++)
        {
            await using var buffer = Open(options);
            var slice = await buffer.ReadAsync(buffer.Stats.AckCursor, 1000, 1 << 20, TimeSpan.Zero, CancellationToken.None);
            Assert.Equal(restart == 0 ? 0 : 5, slice.Records.Count); // only the unacknowledged tail comes back
            await buffer.AppendAsync(Batch(restart * 10, 10), CancellationToken.None);
            cursor += 10;
            await buffer.AcknowledgeAsync(cursor - 5, CancellationToken.None);
        }
        Assert.Single(SegmentFiles(dir.Path));
        var names = Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "000000000000000000.seg", "ack.cursor", "buffer.lock" }, names);
    });

    [Fact]
    public void BUF_11_unknown_segment_format_version_is_refused_with_a_clear_error_and_nothing_changes()
    {
        using var dir = new TempFolder("buf");
        var path = dir.Combine("000000000000000000.seg");
        var bytes = new byte[24 + 100];
        SegmentHeader.Write(bytes, 0, version: 2);
        File.WriteAllBytes(path, bytes);
        File.WriteAllBytes(dir.Combine("000000000000000001.seg"), []);

        var refused = Assert.Throws<UnsupportedBufferFormatException>(() => Open(Options(dir.Path)));
        Assert.Contains("version 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.True(File.Exists(dir.Combine("000000000000000001.seg"))); // refused before any cleanup
        // The lock was released: a second attempt gives the same answer, not "locked".
        Assert.Throws<UnsupportedBufferFormatException>(() => Open(Options(dir.Path)));
    }

    [Fact]
    public void Options_validation_reports_every_broken_rule_at_once()
    {
        var options = new DurableBufferOptions { Directory = " ", MaxBytes = 1000, SegmentBytes = 10, MaxRecordBytes = 0, Overflow = (OverflowPolicy)7 };

        var errors = options.GetValidationErrors();

        Assert.Equal(5, errors.Count);
        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Empty(new DurableBufferOptions { Directory = "/x" }.GetValidationErrors());
        Assert.Equal(64L << 20, new DurableBufferOptions().EffectiveSegmentBytes);
        Assert.Equal(8L << 20, new DurableBufferOptions { MaxBytes = 64L << 20 }.EffectiveSegmentBytes);
    }

    [Fact]
    public Task Oversized_record_is_rejected_before_anything_is_written() => Within(async () =>
    {
        using var dir = new TempFolder("buf");
        await using var buffer = Open(Options(dir.Path, maxRecordBytes: 1000));

        await Assert.ThrowsAsync<ArgumentException>(async () => await buffer.AppendAsync([new byte[1001]], CancellationToken.None));

        Assert.Equal(0, buffer.Stats.AppendedRecords);
    });

    [Fact]
    public void Crc32C_matches_the_check_value_and_the_software_fallback()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        var data = new byte[1000];
        new Random(3).NextBytes(data);
        for (var length = 0; length < 40; length++)
        {
            var span = data.AsSpan(0, length * 25);
            Assert.Equal(Crc32C.Compute(span), Crc32C.Finish(Crc32C.UpdateSoftware(Crc32C.Seed, span)));
        }
    }

    [Fact]
    public void Record_parse_rejects_every_truncation_and_accepts_the_whole()
    {
        var record = new byte[28 + 10];
        RecordFormat.Write(record, 42, 1234, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        for (var n = 0; n < record.Length; n++)
        {
            Assert.Equal(RecordFormat.ParseResult.Incomplete, RecordFormat.TryParse(record.AsSpan(0, n), 100, out _, out _, out _));
        }
        Assert.Equal(RecordFormat.ParseResult.Valid, RecordFormat.TryParse(record, 100, out var index, out var ms, out var length));
        Assert.Equal((42UL, 1234L, 10), (index, ms, length));
        Assert.Equal(RecordFormat.ParseResult.Corrupt, RecordFormat.TryParse(record, 9, out _, out _, out _));
    }
}
