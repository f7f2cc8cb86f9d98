using System.Diagnostics;
using System.Globalization;
using System.Text;
using IIoT.Testing;

namespace IIoT.Bench.OpcUaLatency;

/// <summary>
/// The peer: the same series (machines x signals, the tags the cloud writes) at the same tick written straight to
/// influxd by one sequential writer in batches, as the cloud writes, with the tick time as timestamp. Probed like the
/// pipeline, it shows what influxd alone does with this cardinality and rate on this machine.
/// </summary>
internal static class DirectLoad
{
    public const string Database = "direct";

    /// <summary>Writes until cancelled; returns the points written.</summary>
    public static async Task<long> RunAsync(InfluxdServer influx, int machines, int tags, TimeSpan tick, int batchLines, CancellationToken cancellationToken)
    {
        string[] fixedSignals = ["state", "state_code", "sequence", "parts_total", "parts_good", "parts_reject", "ideal_cycle_time", "actual_cycle_time", "temperature", "spindle_speed", "power"];
        var signals = fixedSignals.Concat(Enumerable.Range(0, tags).Select(t => "tag" + t.ToString("D5", CultureInfo.InvariantCulture))).ToArray();
        var prefixes = new List<string>(machines * signals.Length);
        for (var m = 1; m <= machines; m++)
        {
            foreach (var signal in signals)
            {
                prefixes.Add($"{signal},area=assembly,gateway=gw-bench,line=line1,machine=m{m.ToString("00", CultureInfo.InvariantCulture)},site=plant1,source=opcua:line1 value=");
            }
        }

        long written = 0;
        var builder = new StringBuilder();
        var next = Stopwatch.GetTimestamp();
        for (long n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var ns = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
            for (var first = 0; first < prefixes.Count && !cancellationToken.IsCancellationRequested; first += batchLines)
            {
                builder.Clear();
                for (var i = first; i < Math.Min(prefixes.Count, first + batchLines); i++)
                {
                    builder.Append(prefixes[i]).Append(CultureInfo.InvariantCulture, $"{n + i * 1e-5},quality=\"good\",status=0i,rx={ns}i {ns}\n");
                }

                using var body = new StringContent(builder.ToString(), Encoding.UTF8, "text/plain");
                try
                {
                    using var response = await influx.Http.PostAsync($"/write?db={Database}&precision=ns", body, cancellationToken);
                    response.EnsureSuccessStatusCode();
                }
                catch (OperationCanceledException)
                {
                    return written;
                }

                written += Math.Min(prefixes.Count, first + batchLines) - first;
            }

            // The next tick on the tick grid; a writer that fell behind starts the next tick at once (its lag is the latency).
            next += (long)(tick.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return written;
                }
            }
        }

        return written;
    }
}
