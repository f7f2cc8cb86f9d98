using System.Diagnostics.Metrics;
using IIoT.Cloud.Kpi.Scheduling;
using IIoT.Cloud.Tests.Support;
using IIoT.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>InfluxDB down during KPI cycles (own influxd: it is killed).</summary>
public sealed class KpiOutageTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    private const long S = 1_000_000_000;

    [Fact]
    public async Task KPI_07_influxd_down_during_a_cycle_the_service_keeps_running_and_catches_up_after_restart()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(90));

        async Task RunAsync()
        {
            var t0 = KpiRows.RecentStartNs();
            var clock = new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100));
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, clock);
            var meter = cloud.Services.GetRequiredService<KpiMetrics>().Cycles.Meter;
            var totals = new Dictionary<string, long>();
            using var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (ReferenceEquals(instrument.Meter, meter) && instrument.Name.StartsWith("iiot.cloud.kpi.", StringComparison.Ordinal))
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => { lock (totals) { totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value; } });
            listener.Start();
            await cloud.IngestAsync(new KpiData("kpi07", "line1", "m1", t0).Points(0, 20, KpiComputationTests.RunFaultRun));
            await influxd.Server.KillAsync();

            await cloud.Scheduler.RunOnceAsync(CancellationToken.None);
            await Wait.UntilAsync(() => cloud.Logs.Entries.Any(e => e.EventId == 3001), TimeSpan.FromSeconds(20), "a failed cycle to be logged");

            Assert.False(cloud.Scheduler.ExecuteTask!.IsCompleted, "the loop survives the failure");
            clock.SetNs(t0 + (22 * S)); // time goes on while InfluxDB is down
            await influxd.Server.StartProcessAsync();

            // A cycle may have written the day before influxd was killed: wait for the one with the data up to the new now.
            await Wait.UntilAsync(async () => (await KpiRows.KpisAsync(influxd.Server, "kpi07", "machine", "day")).Any(r => r["asof_ns"].GetInt64() == t0 + (22 * S)),
                TimeSpan.FromSeconds(30), "the KPIs after InfluxDB is back");
            var day = await KpiRows.KpiAtAsync(influxd.Server, "kpi07", "machine", "day", KpiRows.DayStartNs(t0));
            Assert.Equal(16.5, day.D("run_s"), 6);
            Assert.Equal(15, day.D("parts_total"), 6);
            Assert.False(cloud.Scheduler.ExecuteTask!.IsCompleted);
            lock (totals)
            {
                Assert.True(totals.GetValueOrDefault("iiot.cloud.kpi.cycle.failures") >= 1);
                Assert.True(totals.GetValueOrDefault("iiot.cloud.kpi.late_buckets") >= 5); // buckets 0 to 16 s: older than the next cycle's recent range
                Assert.True(totals.GetValueOrDefault("iiot.cloud.kpi.cycles") >= 1);
                Assert.True(totals.GetValueOrDefault("iiot.cloud.kpi.points") >= 12);
            }
        }
    }
}
