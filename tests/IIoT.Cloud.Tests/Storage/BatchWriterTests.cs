using IIoT.Cloud.Configuration;
using IIoT.Cloud.Storage;
using IIoT.Cloud.Tests.Support;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Tests.Storage;

public sealed class BatchWriterTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>, IDisposable
{
    private readonly InfluxV1Writer _writer = new(new StorageOptions { Url = influxd.Server.Url, CreateDatabases = true });

    public void Dispose() => _writer.Dispose();

    [Fact]
    public async Task API_08_a_large_batch_is_written_in_parallel_chunks_and_bisection_finds_each_refused_line()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        async Task RunAsync()
        {
            const int count = 12_345;
            int[] conflicting = [0, 4_999, 5_000, 7_777, count - 1];
            using var lines = new LineProtocolBuffer(count);
            var start = 1_700_000_000_000_000_000L;
            // The series gets its integer type from a first write; the conflicting lines are floats.
            using (var first = new LineProtocolBuffer())
            {
                first.AppendPoint(new Point { Signal = "chunks", IntValue = -1 }, "g", start - 1, 0);
                Assert.True((await _writer.WriteAsync("bw", first.Lines(0, 1), CancellationToken.None)).IsAccepted);
            }
            for (var i = 0; i < count; i++)
            {
                var point = conflicting.Contains(i) ? new Point { Signal = "chunks", DoubleValue = 0.5 } : new Point { Signal = "chunks", IntValue = i };
                lines.AppendPoint(point, "g", start + i, item: i + 100);
            }

            var refused = await new BatchWriter(_writer).WriteAsync("bw", lines, CancellationToken.None);

            Assert.Equal(conflicting, refused.Select(r => r.Line).Order());
            Assert.All(refused, r => Assert.Contains("field type conflict", r.Reason, StringComparison.Ordinal));
            Assert.Equal(1 + count - conflicting.Length, await influxd.Server.CountAsync("bw", "chunks"));
        }
    }
}
