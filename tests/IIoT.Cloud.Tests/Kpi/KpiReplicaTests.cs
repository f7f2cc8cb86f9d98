using IIoT.Cloud.Tests.Support;
using IIoT.Testing;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>Several replicas and restarts: KPI state lives in InfluxDB only.</summary>
public sealed class KpiReplicaTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    private const long S = 1_000_000_000;

    [Fact]
    public async Task KPI_05_two_cloud_instances_on_the_same_influxd_write_identical_KPI_points()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            var at = DateTimeOffset.UnixEpoch.AddTicks((t0 + (24 * S)) / 100);
            await using var first = await KpiCloud.StartAsync(influxd.Server, new KpiClock(at));
            await using var second = await KpiCloud.StartAsync(influxd.Server, new KpiClock(at));
            var data = new KpiData("kpi05", "line1", "m1", t0);
            // Half the data through each replica, as a load balancer would spread batches.
            await first.IngestAsync(data.Points(0, 12, KpiComputationTests.RunFaultRun));
            await second.IngestAsync(data.Points(12, 24, KpiComputationTests.RunFaultRun));
            // Twice: a replica computes buckets with late data in two cycles (once more in case another overwrote them).
            for (var i = 0; i < 2; i++)
            {
                await first.CycleAsync();
                await second.CycleAsync();
            }

            first.Recorder.Clear();
            second.Recorder.Clear();
            await first.CycleAsync();
            await second.CycleAsync();

            var a = first.Recorder.Lines("kpi", "site=kpi05").Concat(first.Recorder.Lines("kpi_rollup", "site=kpi05")).ToHashSet();
            var b = second.Recorder.Lines("kpi", "site=kpi05").Concat(second.Recorder.Lines("kpi_rollup", "site=kpi05")).ToHashSet();
            Assert.True(a.Count > 0, "nothing written; logs:\n" + first.Logs);
            Assert.True(a.SetEquals(b), $"replicas wrote different points ({a.Count} and {b.Count}); only by the first:\n" +
                string.Join("\n", a.Except(b)) + "\nonly by the second:\n" + string.Join("\n", b.Except(a)));
        });
    }

    [Fact]
    public async Task KPI_06_a_restarted_cloud_recomputes_the_day_from_raw_data()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs(180);
            var data = new KpiData("kpi06", "line1", "m1", t0);
            await using (var before = await KpiCloud.StartAsync(influxd.Server, new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100)),
                new Dictionary<string, string?> { ["Cloud:Kpi:Enabled"] = "false" }))
            {
                // Stored while no replica computes KPIs (say, all were down): nobody marked these buckets.
                await before.IngestAsync(data.Points(0, 20, KpiComputationTests.RunFaultRun));
            }
            Assert.Empty(await KpiRows.KpisAsync(influxd.Server, "kpi06", "machine", "day"));

            // Two minutes later: far outside the recent range.
            await using var after = await KpiCloud.StartAsync(influxd.Server, new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (140 * S)) / 100)));

            await Wait.UntilAsync(async () => (await KpiRows.KpisAsync(influxd.Server, "kpi06", "machine", "day")).Count > 0,
                TimeSpan.FromSeconds(30), "the start-up cycle to write the day");
            var day = await KpiRows.KpiAtAsync(influxd.Server, "kpi06", "machine", "day", KpiRows.DayStartNs(t0));
            Assert.Equal(16.5, day.D("run_s"), 6);
            Assert.Equal(15, day.D("parts_total"), 6);
            Assert.Equal(1, day.D("failures"));
        });
    }

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
