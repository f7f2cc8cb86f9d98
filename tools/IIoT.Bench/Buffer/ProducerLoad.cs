using System.Diagnostics;

namespace IIoT.Bench.Buffer;

/// <summary>N producers, each appending one batch at a time and awaiting its durability, for a fixed time.</summary>
internal static class ProducerLoad
{
    public readonly record struct Result(long Records, TimeSpan Elapsed, double P99Ms)
    {
        public double PerSecond => Records / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(BenchOptions options, Func<ReadOnlyMemory<byte>[], ValueTask> append)
    {
        using var stop = new CancellationTokenSource(options.Duration);
        var counts = new long[options.Producers];
        var latencies = new List<double>[options.Producers];
        var watch = Stopwatch.StartNew();
        var producers = new Task[options.Producers];
        for (var p = 0; p < producers.Length; p++)
        {
            var producer = p;
            latencies[p] = [];
            producers[p] = Task.Run(async () =>
            {
                var batch = new ReadOnlyMemory<byte>[options.BatchSize];
                for (var i = 0; i < batch.Length; i++)
                {
                    var payload = new byte[options.RecordSize];
                    Random.Shared.NextBytes(payload);
                    batch[i] = payload;
                }
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    await append(batch).ConfigureAwait(false);
                    latencies[producer].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    counts[producer] += batch.Length;
                }
            });
        }
        await Task.WhenAll(producers).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        long total = 0;
        var all = new List<double>();
        for (var p = 0; p < counts.Length; p++)
        {
            total += counts[p];
            all.AddRange(latencies[p]);
        }
        all.Sort();
        var p99 = all.Count == 0 ? 0 : all[(int)Math.Min(all.Count - 1, all.Count * 0.99)];
        return new Result(total, elapsed, p99);
    }
}
