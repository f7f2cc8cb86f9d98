using System.Text;
using System.Text.Json;
using IIoT.Gateway.DeadLetters;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace IIoT.Gateway.Tests.DeadLetters;

public sealed class DeadLetterStoreTests : IDisposable
{
    private readonly TempFolder _folder = new("deadletters");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 26, 23, 59, 59, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WriteAsync_appends_one_json_line_per_entry_to_the_day_file()
    {
        using var store = Create();

        await store.WriteAsync(new DeadLetter("mqtt:line1", "malformed_json", "factory/a", "{oops"u8.ToArray(), "bad json"), CancellationToken.None)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await store.WriteAsync(new DeadLetter("uplink", "uplink_rejected", null, new byte[] { 0xff, 0x00, 0x01 }, "why"), CancellationToken.None)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var lines = File.ReadAllLines(Path.Combine(_folder.Path, "deadletter-2026-11-26.jsonl"));
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("mqtt:line1", first.RootElement.GetProperty("source").GetString());
        Assert.Equal("malformed_json", first.RootElement.GetProperty("reason").GetString());
        Assert.Equal("factory/a", first.RootElement.GetProperty("topic").GetString());
        Assert.Equal("{oops", first.RootElement.GetProperty("payload_text").GetString());
        Assert.Equal("bad json", first.RootElement.GetProperty("detail").GetString());
        Assert.Equal(_clock.GetUtcNow(), first.RootElement.GetProperty("time").GetDateTimeOffset());
        using var second = JsonDocument.Parse(lines[1]);
        // Not UTF-8: kept exactly, as base64.
        Assert.Equal(new byte[] { 0xff, 0x00, 0x01 }, second.RootElement.GetProperty("payload_base64").GetBytesFromBase64());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("topic").ValueKind);
        Assert.Equal(new FileInfo(Path.Combine(_folder.Path, "deadletter-2026-11-26.jsonl")).Length, store.TotalBytes);
    }

    [Fact]
    public async Task A_new_UTC_day_starts_a_new_file()
    {
        using var store = Create();

        await store.WriteAsync(Entry("day1"), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(2));
        await store.WriteAsync(Entry("day2"), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("day1", File.ReadAllText(Path.Combine(_folder.Path, "deadletter-2026-11-26.jsonl")));
        Assert.Contains("day2", File.ReadAllText(Path.Combine(_folder.Path, "deadletter-2026-11-27.jsonl")));
    }

    [Fact]
    public async Task Past_the_bound_entries_are_dropped_and_counted_and_the_files_stay_within_it()
    {
        const long bound = 4096;
        using var store = Create(bound);

        for (var i = 0; i < 100; i++)
        {
            await store.WriteAsync(Entry(new string('x', 100)), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        var size = new FileInfo(Path.Combine(_folder.Path, "deadletter-2026-11-26.jsonl")).Length;
        Assert.InRange(size, bound - 300, bound);
        var kept = File.ReadAllLines(Path.Combine(_folder.Path, "deadletter-2026-11-26.jsonl")).Length;
        Assert.Equal(100, kept + store.DroppedCount);
        Assert.True(store.DroppedCount > 0);
    }

    [Fact]
    public async Task The_bound_counts_files_kept_from_before_a_restart()
    {
        using (var first = Create(4096))
        {
            for (var i = 0; i < 100; i++)
            {
                await first.WriteAsync(Entry(new string('x', 100)), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        using var second = Create(4096);

        await second.WriteAsync(Entry("after restart"), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, second.DroppedCount);
    }

    [Fact]
    public async Task An_unterminated_last_line_from_a_crash_is_ended_before_new_entries()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "deadletter-2026-11-26.jsonl"), "{\"time\":\"2026-11-26T00:00:00Z\",\"sour");
        using var store = Create();

        await store.WriteAsync(Entry("next"), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var lines = File.ReadAllLines(Path.Combine(_folder.Path, "deadletter-2026-11-26.jsonl"));
        Assert.Equal(2, lines.Length);
        using var entry = JsonDocument.Parse(lines[1]);
        Assert.Equal("next", entry.RootElement.GetProperty("payload_text").GetString());
    }

    [Fact]
    public async Task Concurrent_writers_each_get_a_whole_line()
    {
        using var store = Create();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await store.WriteAsync(Entry($"w{w}-{i}"), CancellationToken.None);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        var payloads = File.ReadAllLines(Path.Combine(_folder.Path, "deadletter-2026-11-26.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("payload_text").GetString())
            .ToHashSet();
        Assert.Equal(200, payloads.Count);
    }

    private static DeadLetter Entry(string payload) => new("mqtt:t", "unmapped", "t", Encoding.UTF8.GetBytes(payload), "d");

    private DeadLetterStore Create(long maxBytes = 1 << 20) =>
        new(new DeadLetterOptions { Directory = _folder.Path, MaxTotalBytes = maxBytes }, _clock, NullLogger<DeadLetterStore>.Instance);
}
