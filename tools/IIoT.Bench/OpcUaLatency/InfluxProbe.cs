using System.Diagnostics;
using System.Text.Json;
using IIoT.Testing;

namespace IIoT.Bench.OpcUaLatency;

/// <summary>
/// Watches a few series in InfluxDB for new points by querying their newest point over and over. A new timestamp seen
/// by a query gives a sample: the wall-clock time the query's answer came back minus the point's timestamp (its source
/// timestamp). That is an upper bound: the point became queryable between the previous query and this answer, so the
/// resolution is one query round (printed as the mean poll period).
/// </summary>
internal sealed class InfluxProbe(InfluxdServer influx, string database, string query)
{
    private readonly Dictionary<string, long> _newest = new(StringComparer.Ordinal);
    private long _polls;
    private double _pollSeconds;

    public LatencySamples Samples { get; } = new();

    public double MeanPollMs => _polls == 0 ? double.NaN : _pollSeconds * 1000 / _polls;

    /// <summary>Polls until cancelled; <paramref name="measure"/> false records the newest timestamps without sampling (warm-up).</summary>
    public async Task RunAsync(Func<bool> measure, TimeSpan pause, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            List<Dictionary<string, JsonElement>> rows;
            try
            {
                rows = await influx.RowsAsync(database, query).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                // A busy influxd answering late or not at all (or a database not created yet) is part of what is measured: the next round sees the point.
                await Task.Delay(pause, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            var answeredNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
            _polls++;
            _pollSeconds += Stopwatch.GetElapsedTime(sent).TotalSeconds;
            var sample = measure();
            foreach (var row in rows)
            {
                var series = row.TryGetValue("_measurement", out var m) ? m.GetString() + "/" : "";
                series += row.TryGetValue("machine", out var machine) ? machine.GetString() : "";
                var time = row["time"].GetInt64();
                if (_newest.TryGetValue(series, out var seen) && time > seen && sample)
                {
                    Samples.Add((answeredNs - time) / 1e6);
                }

                _newest[series] = Math.Max(time, seen);
            }

            await Task.Delay(pause, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
