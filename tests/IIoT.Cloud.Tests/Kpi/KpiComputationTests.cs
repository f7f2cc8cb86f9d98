using IIoT.Cloud.Kpi;
using IIoT.Cloud.Kpi.Arithmetic;
using IIoT.Cloud.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>
/// KPIs computed by the service from raw points ingested through the batch API, against a real influxd. Scenario:
/// 20 s of one machine (2 s buckets): running 12 s, fault 4 s, running 4 s; one part per running second, every fifth
/// rejected; ideal cycle time 0.8 s; 10 kW.
/// </summary>
public sealed class KpiComputationTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    private const long S = 1_000_000_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    internal static string RunFaultRun(double s) => s is >= 12 and < 16 ? "fault" : "running";

    [Fact]
    public async Task KPI_01_raw_points_become_rollups_and_window_KPIs_per_machine_line_and_site()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            var data = new KpiData("kpi01", "line1", "m1", t0);
            var clock = new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100));
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, clock);

            await cloud.IngestAsync(data.Points(0, 20, RunFaultRun));
            await cloud.CycleAsync();

            var rollups = await KpiRows.RollupsAsync(influxd.Server, "kpi01");
            Assert.Equal(Enumerable.Range(0, 10).Select(i => t0 + (i * 2 * S)), rollups.Select(r => r["time"].GetInt64()).Order());
            Assert.Equal(20, rollups.Sum(r => r.D("window_s")), 6);
            Assert.Equal(16, rollups.Sum(r => r.D("run_s")), 6);
            Assert.Equal(4, rollups.Sum(r => r.D("fault_s")), 6);
            Assert.Equal(0, rollups.Sum(r => r.D("unknown_s")), 6);

            foreach (var level in new[] { "machine", "line", "site" })
            {
                var kpi = await KpiRows.KpiAtAsync(influxd.Server, "kpi01", level, "15m", t0 + (20 * S));
                AssertScenarioFigures(kpi);
                // GROUP BY * answers a tag a point does not have as "".
                Assert.Equal(level == "machine" ? "m1" : "", kpi["machine"].GetString());
                Assert.Equal(level == "site" ? "" : "line1", kpi["line"].GetString());
            }
            var day = await KpiRows.KpiAtAsync(influxd.Server, "kpi01", "machine", "day", KpiRows.DayStartNs(t0));
            AssertScenarioFigures(day);
            var shift = await KpiRows.KpiAtAsync(influxd.Server, "kpi01", "machine", "shift", KpiRows.DayStartNs(t0));
            Assert.Equal("day", shift["shift"].GetString());
            Assert.Equal(t0 + (20 * S), day["asof_ns"].GetInt64());
        });
    }

    [Fact]
    public async Task KPI_01_the_reader_serves_the_tenant_s_KPIs_timeline_and_stops_and_nothing_to_another_tenant()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            var data = new KpiData("kpi01r", "line1", "m1", t0);
            var clock = new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100));
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, clock);
            await cloud.IngestAsync(data.Points(0, 20, RunFaultRun));
            await cloud.CycleAsync();
            var reader = cloud.Services.GetRequiredService<IKpiReader>();

            var rows = await reader.GetKpisAsync("acme", new KpiQuery(Site: "kpi01r"), CancellationToken.None);
            Assert.Equal(12, rows.Count); // 3 levels x 4 windows
            var machine = Assert.Single(rows, r => r.Level == "machine" && r.Window == "15m");
            Assert.Equal(0.48, machine.Figures.Oee!.Value, 6);
            Assert.Equal(("kpi01r", "press", "line1", "m1"), (machine.Site, machine.Area, machine.Line, machine.Machine));
            Assert.Equal(t0 + (20 * S), machine.ToNs);
            Assert.True(machine.Complete);
            Assert.Empty(await reader.GetKpisAsync("globex", new KpiQuery(Site: "kpi01r"), CancellationToken.None));
            Assert.Empty(await reader.GetKpisAsync("nobody", new KpiQuery(), CancellationToken.None));

            var range = new TimeRange(t0, t0 + (20 * S));
            var timeline = await reader.GetTimelineAsync("acme", "kpi01r", "line1", "m1", range, CancellationToken.None);
            Assert.Equal(
                [new StateSpan(t0, t0 + (12 * S), "running"), new StateSpan(t0 + (12 * S), t0 + (16 * S), "fault"), new StateSpan(t0 + (16 * S), t0 + (20 * S), "running")],
                timeline);
            // Past the computed buckets (up to 20 s) from the raw samples: the last sample holds for MaxSampleGap (1 s).
            var longer = await reader.GetTimelineAsync("acme", "kpi01r", "line1", "m1", new TimeRange(t0 - (2 * S), t0 + (22 * S)), CancellationToken.None);
            Assert.Equal(
                [new StateSpan(t0 - (2 * S), t0, "unknown"), new StateSpan(t0, t0 + (12 * S), "running"), new StateSpan(t0 + (12 * S), t0 + (16 * S), "fault"),
                    new StateSpan(t0 + (16 * S), t0 + (20 * S) + (S / 2), "running"), new StateSpan(t0 + (20 * S) + (S / 2), t0 + (22 * S), "unknown")],
                longer);
            var stop = Assert.Single(await reader.GetStopsAsync("acme", "kpi01r", "line1", "m1", range, CancellationToken.None));
            Assert.Equal((t0 + (12 * S), t0 + (16 * S), MachineCondition.Fault), (stop.FromNs, stop.ToNs, stop.Condition));
            Assert.Empty(await reader.GetTimelineAsync("globex", "kpi01r", "line1", "m1", range, CancellationToken.None));
        });
    }

    [Fact]
    public async Task KPI_02_a_recompute_writes_byte_identical_points()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            var clock = new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100));
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, clock);
            await cloud.IngestAsync(new KpiData("kpi02", "line1", "m1", t0).Points(0, 20, RunFaultRun));
            await cloud.CycleAsync();
            await cloud.CycleAsync(); // late buckets are computed in two cycles
            var stored = KpiRows.Snapshot((await KpiRows.RollupsAsync(influxd.Server, "kpi02")).Concat(await KpiRows.KpisAsync(influxd.Server, "kpi02", "machine", "15m")));

            cloud.Recorder.Clear();
            await cloud.CycleAsync();
            var first = cloud.Recorder.Lines("kpi", "site=kpi02").Concat(cloud.Recorder.Lines("kpi_rollup", "site=kpi02")).ToHashSet();
            cloud.Recorder.Clear();
            await cloud.CycleAsync();
            var second = cloud.Recorder.Lines("kpi", "site=kpi02").Concat(cloud.Recorder.Lines("kpi_rollup", "site=kpi02")).ToHashSet();

            Assert.NotEmpty(first);
            Assert.True(first.SetEquals(second));
            Assert.Equal(stored, KpiRows.Snapshot((await KpiRows.RollupsAsync(influxd.Server, "kpi02")).Concat(await KpiRows.KpisAsync(influxd.Server, "kpi02", "machine", "15m"))));
        });
    }

    [Fact]
    public async Task KPI_03_a_replayed_batch_does_not_count_twice()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            var clock = new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100));
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, clock);
            var points = new KpiData("kpi03", "line1", "m1", t0).Points(0, 20, RunFaultRun);
            await cloud.IngestAsync(points);
            await cloud.CycleAsync();

            // The gateway sends the same points again in new batches (a replay after an outage), out of order this time.
            points.Reverse();
            await cloud.IngestAsync(points);
            await cloud.CycleAsync();

            AssertScenarioFigures(await KpiRows.KpiAtAsync(influxd.Server, "kpi03", "machine", "15m", t0 + (20 * S)));
            AssertScenarioFigures(await KpiRows.KpiAtAsync(influxd.Server, "kpi03", "site", "day", KpiRows.DayStartNs(t0)));
        });
    }

    [Fact]
    public async Task KPI_04_late_data_for_an_old_bucket_is_recomputed_and_changes_the_day()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            // 40 s after the start: the buckets of the data are long out of the recent range (3 x 2 s).
            var clock = new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (40 * S)) / 100));
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, clock);
            var data = new KpiData("kpi04", "line1", "m1", t0);
            await cloud.IngestAsync(data.Points(0, 4, RunFaultRun).Concat(data.Points(8, 20, RunFaultRun)));
            await cloud.CycleAsync();
            var before = await KpiRows.KpiAtAsync(influxd.Server, "kpi04", "machine", "day", KpiRows.DayStartNs(t0));
            Assert.True(before.D("unknown_s") >= 3, "the gap is unknown time");
            Assert.False(before["complete"].GetBoolean());

            await cloud.IngestAsync(data.Points(4, 8, RunFaultRun));
            await cloud.CycleAsync();

            var rollups = await KpiRows.RollupsAsync(influxd.Server, "kpi04");
            Assert.All(rollups.Where(r => r["time"].GetInt64() < t0 + (20 * S)), r => Assert.Equal(0, r.D("unknown_s")));
            var after = await KpiRows.KpiAtAsync(influxd.Server, "kpi04", "machine", "day", KpiRows.DayStartNs(t0));
            // The last sample (19.5 s) holds its state for MaxSampleGap (1 s): half a second into the bucket after the data.
            Assert.Equal(16.5, after.D("run_s"), 6);
            Assert.Equal(before.D("run_s") + before.D("unknown_s") - after.D("unknown_s"), after.D("run_s"), 6);
            Assert.Equal(15, after.D("parts_total"), 6);
        });
    }

    /// <summary>The scenario's figures: A = 16/20, P = 15 x 0.8 / 16, Q = 12/15.</summary>
    internal static void AssertScenarioFigures(Dictionary<string, System.Text.Json.JsonElement> kpi)
    {
        Assert.Equal(20, kpi.D("window_s"), 6);
        Assert.Equal(16, kpi.D("run_s"), 6);
        Assert.Equal(4, kpi.D("fault_s"), 6);
        Assert.Equal(1, kpi.D("failures"));
        Assert.Equal(1, kpi.D("stops"));
        Assert.Equal(15, kpi.D("parts_total"), 6);
        Assert.Equal(12, kpi.D("parts_good"), 6);
        Assert.Equal(3, kpi.D("parts_reject"), 6);
        Assert.Equal(0.8, kpi.D("availability"), 6);
        Assert.Equal(0.75, kpi.D("performance"), 6);
        Assert.Equal(0.8, kpi.D("quality"), 6);
        Assert.Equal(0.48, kpi.D("oee"), 6);
        Assert.Equal(16, kpi.D("mtbf_s"), 6);
        Assert.Equal(4, kpi.D("mttr_s"), 6);
        Assert.Equal(10 * 20 / 3600.0, kpi.D("energy_kwh"), 9);
        Assert.Equal(1, kpi.D("coverage"), 6);
        Assert.True(kpi["complete"].GetBoolean());
    }

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(Timeout);
}
