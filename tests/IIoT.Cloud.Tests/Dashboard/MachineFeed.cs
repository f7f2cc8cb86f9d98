using IIoT.Cloud.Tests.Support;
using IIoT.Contracts;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Tests.Dashboard;

/// <summary>
/// Telemetry of simulated machines posted through the batch API as a gateway does: state, parts counters and ideal
/// cycle time once a second.
/// </summary>
public sealed class MachineFeed(IngestClient client, string gatewayId, string apiKey)
{
    private ulong _sequence = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static long SecondNs(DateTimeOffset time) => time.ToUnixTimeSeconds() * 1_000_000_000L;

    /// <summary>
    /// One sample per second from <paramref name="from"/> to <paramref name="to"/> (whole seconds, inclusive);
    /// <paramref name="stateAt"/> gives the state of each second. Counters count one part per running second
    /// starting at <paramref name="partsBefore"/>, every tenth part rejected. Returns the counter afterwards.
    /// </summary>
    public async Task<long> SendAsync(string site, string line, string machine, DateTimeOffset from, DateTimeOffset to,
        Func<DateTimeOffset, string> stateAt, long partsBefore = 0)
    {
        var points = new List<Point>();
        var parts = partsBefore;
        for (var t = DateTimeOffset.FromUnixTimeSeconds(from.ToUnixTimeSeconds()); t <= to; t = t.AddSeconds(1))
        {
            var state = stateAt(t);
            if (state == "running")
            {
                parts++;
            }
            var ns = SecondNs(t);
            var asset = new AssetPath { Site = site, Area = "assembly", Line = line, Machine = machine };
            points.Add(new Point { Asset = asset, Signal = "state", StringValue = state, SourceTimeNs = ns, ReceiveTimeNs = ns, Source = "mqtt:test" });
            points.Add(new Point { Asset = asset, Signal = "parts_total", IntValue = parts, SourceTimeNs = ns, ReceiveTimeNs = ns, Source = "mqtt:test" });
            points.Add(new Point { Asset = asset, Signal = "parts_good", IntValue = parts - parts / 10, SourceTimeNs = ns, ReceiveTimeNs = ns, Source = "mqtt:test" });
            points.Add(new Point { Asset = asset, Signal = "parts_reject", IntValue = parts / 10, SourceTimeNs = ns, ReceiveTimeNs = ns, Source = "mqtt:test" });
            points.Add(new Point { Asset = asset, Signal = "ideal_cycle_time_s", DoubleValue = 1.0, SourceTimeNs = ns, ReceiveTimeNs = ns, Source = "mqtt:test", Unit = "s" });
        }
        foreach (var chunk in points.Chunk(500))
        {
            var batch = new Batch { GatewayId = gatewayId, Sequence = Interlocked.Increment(ref _sequence), SentTimeNs = UnixTime.Now(TimeProvider.System) };
            batch.Points.AddRange(chunk);
            var result = await client.StoreAsync(batch, apiKey).ConfigureAwait(false);
            Assert.Empty(result.Rejected);
        }
        return parts;
    }

    /// <summary>A loss ledger entry of the gateway: data of [from, to] was lost (e.g. a buffer overflow).</summary>
    public async Task SendLossAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var batch = new Batch { GatewayId = gatewayId, Sequence = Interlocked.Increment(ref _sequence), SentTimeNs = UnixTime.Now(TimeProvider.System) };
        batch.Losses.Add(new LossRecord
        {
            Source = "mqtt:test", Reason = "buffer_overflow", Count = 42, FirstTimeNs = SecondNs(from), LastTimeNs = SecondNs(to),
            RecordedTimeNs = UnixTime.Now(TimeProvider.System), Detail = "dropped while the disk was full",
        });
        await client.StoreAsync(batch, apiKey).ConfigureAwait(false);
    }
}
