using System.Diagnostics;
using System.Globalization;
using IIoT.Gateway.Buffering;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.Bench.Buffer;

/// <summary>
/// Durable append throughput of the gateway buffer (group commit, fsync per group) against SQLite (WAL,
/// synchronous=FULL, one transaction per group of pending batches) in the same run, then read+ack throughput
/// of both. Every append is awaited until durable.
/// </summary>
public static class BufferBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var root = options.Directory ?? Path.Combine(Path.GetTempPath(), "iiot-bench-buffer-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        try
        {
#if DEBUG
            Console.WriteLine("buffer: NOTE this is a Debug build; the managed append path is about 5x slower than with -c Release.");
#endif
            Console.WriteLine($"buffer: {options.Producers} producers x batches of {options.BatchSize} x {options.RecordSize} B, " +
                $"{options.Duration.TotalSeconds:0.#} s each, durable (fsync) before every completion, in {root}");

            var bufferOptions = new DurableBufferOptions { Directory = Path.Combine(root, "buffer"), MaxBytes = 8L << 30 };
            ProducerLoad.Result buffered;
            (long Records, TimeSpan Elapsed) bufferDrain;
            (long Records, TimeSpan Elapsed) bufferReadOnly;
            await using (var buffer = DurableBuffer.Open(bufferOptions, TimeProvider.System, NullLogger<DurableBuffer>.Instance))
            {
                buffered = await ProducerLoad.RunAsync(options, batch => buffer.AppendAsync(batch, CancellationToken.None)).ConfigureAwait(false);
                bufferReadOnly = await DrainBufferAsync(buffer, acknowledge: false).ConfigureAwait(false);
                bufferDrain = await DrainBufferAsync(buffer, acknowledge: true).ConfigureAwait(false);
            }
            Print("DurableBuffer append", buffered);

            ProducerLoad.Result sqlite;
            (long Records, TimeSpan Elapsed) sqliteDrain;
            await using (var store = new SqliteGroupCommitStore(Path.Combine(root, "peer.db")))
            {
                sqlite = await ProducerLoad.RunAsync(options, store.AppendAsync).ConfigureAwait(false);
                sqliteDrain = DrainSqlite(store);
            }
            Print("SQLite WAL FULL append", sqlite);

            Console.WriteLine($"  append ratio DurableBuffer / SQLite: {Ratio(buffered.PerSecond, sqlite.PerSecond)}");
            var bufferReadRate = bufferDrain.Records / bufferDrain.Elapsed.TotalSeconds;
            var sqliteReadRate = sqliteDrain.Records / sqliteDrain.Elapsed.TotalSeconds;
            Console.WriteLine($"  DurableBuffer read only: {bufferReadOnly.Records / bufferReadOnly.Elapsed.TotalSeconds,11:N0} records/s (no ack: what the durable cursor costs)");
            Console.WriteLine($"  DurableBuffer read+ack: {bufferReadRate,12:N0} records/s ({bufferDrain.Records:N0} records, slices of 1000, ack per slice)");
            Console.WriteLine($"  SQLite read+delete:     {sqliteReadRate,12:N0} records/s ({sqliteDrain.Records:N0} rows, 1000 per query, delete per query)");
            Console.WriteLine($"  read+ack ratio DurableBuffer / SQLite: {Ratio(bufferReadRate, sqliteReadRate)}");
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"buffer benchmark failed: {e}");
            return 1;
        }
        finally
        {
            if (options.Directory is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<(long, TimeSpan)> DrainBufferAsync(DurableBuffer buffer, bool acknowledge)
    {
        var watch = Stopwatch.StartNew();
        long records = 0;
        ulong from = 0;
        while (true)
        {
            var slice = await buffer.ReadAsync(from, 1000, 1 << 20, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            if (slice.Records.Count == 0)
            {
                break;
            }
            records += slice.Records.Count;
            from = slice.NextIndex;
            if (acknowledge)
            {
                await buffer.AcknowledgeAsync(from, CancellationToken.None).ConfigureAwait(false);
            }
        }
        return (records, watch.Elapsed);
    }

    private static (long, TimeSpan) DrainSqlite(SqliteGroupCommitStore store)
    {
        var watch = Stopwatch.StartNew();
        long records = 0;
        long from = 0;
        while (true)
        {
            var (rows, next) = store.ReadAndDelete(from, 1000);
            if (rows == 0)
            {
                break;
            }
            records += rows;
            from = next;
        }
        return (records, watch.Elapsed);
    }

    private static void Print(string name, ProducerLoad.Result result) =>
        Console.WriteLine($"  {name,-24} {result.PerSecond,12:N0} records/s ({result.Records:N0} records in {result.Elapsed.TotalSeconds:0.0} s, p99 batch latency {result.P99Ms:0.0} ms)");

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";
}
