using System.Globalization;
using IIoT.Cloud.Kpi;
using IIoT.Cloud.Tests.Support;
using IIoT.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>Site calendars (time zone, shifts, breaks), the loss ledger and the update notice.</summary>
public sealed class KpiCalendarAndLossTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    private const long S = 1_000_000_000;

    [Fact]
    public async Task KPI_09_a_loss_record_overlapping_a_window_marks_it_incomplete()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100)));
            // Tenant globex: the loss ledger names no machine, so it makes every window of its tenant overlapping it incomplete.
            await cloud.IngestAsync(new KpiData("kpi09", "line1", "m1", t0).Points(0, 20, KpiComputationTests.RunFaultRun), "globex-gw1", CloudWithInfluxd.GlobexKey);
            var batch = Support.Points.Batch("globex-gw1", (ulong)DateTime.UtcNow.Ticks);
            batch.Losses.Add(new LossRecord
            {
                Source = "mqtt:kpi", Reason = "overflow", Count = 12, FirstTimeNs = t0 + (5 * S), LastTimeNs = t0 + (6 * S), RecordedTimeNs = t0 + (7 * S),
            });
            await cloud.Client.StoreAsync(batch, CloudWithInfluxd.GlobexKey);

            await cloud.CycleAsync();

            var rows = await influxd.Server.RowsAsync("globex", "SELECT * FROM kpi WHERE site = 'kpi09' AND \"window\" = '15m' GROUP BY *");
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.False(r["complete"].GetBoolean());
                Assert.Equal(1, r.D("coverage"), 6); // the state data itself is complete: the ledger says something is missing
            });
        });
    }

    [Fact]
    public async Task KPI_10_shift_and_day_windows_follow_the_site_s_time_zone_shifts_and_breaks()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UnixEpoch.AddTicks(t0 / 100), zone);
            var breakStart = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Offset);
            Assert.Equal(breakStart.Hour, breakStart.AddMinutes(2).Hour); // RecentStartNs keeps clear of whole hours
            var settings = new Dictionary<string, string?>
            {
                ["Cloud:Kpi:Sites:0:Tenant"] = "acme",
                ["Cloud:Kpi:Sites:0:Site"] = "kpi10",
                ["Cloud:Kpi:Sites:0:TimeZone"] = "Asia/Shanghai",
                ["Cloud:Kpi:Sites:0:Shifts:0:Name"] = "morning",
                ["Cloud:Kpi:Sites:0:Shifts:0:Start"] = "00:00",
                ["Cloud:Kpi:Sites:0:Shifts:0:End"] = "12:00",
                ["Cloud:Kpi:Sites:0:Shifts:1:Name"] = "evening",
                ["Cloud:Kpi:Sites:0:Shifts:1:Start"] = "12:00",
                ["Cloud:Kpi:Sites:0:Shifts:1:End"] = "00:00",
                ["Cloud:Kpi:Sites:0:Breaks:0:Start"] = breakStart.ToString("HH:mm", CultureInfo.InvariantCulture),
                ["Cloud:Kpi:Sites:0:Breaks:0:End"] = breakStart.AddMinutes(2).ToString("HH:mm", CultureInfo.InvariantCulture),
            };
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100)), settings);
            await cloud.IngestAsync(new KpiData("kpi10", "line1", "m1", t0).Points(0, 20, KpiComputationTests.RunFaultRun));
            await cloud.CycleAsync();

            var midnight = new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, local.Offset);
            var shiftStart = local.Hour < 12 ? midnight : midnight.AddHours(12);
            var shift = await KpiRows.KpiAtAsync(influxd.Server, "kpi10", "machine", "shift", Ns(shiftStart));
            Assert.Equal(local.Hour < 12 ? "morning" : "evening", shift["shift"].GetString());
            Assert.Equal(Ns(shiftStart.AddHours(12)), shift["to_ns"].GetInt64());
            var day = await KpiRows.KpiAtAsync(influxd.Server, "kpi10", "machine", "day", Ns(midnight));
            Assert.Equal(Ns(midnight.AddDays(1)), day["to_ns"].GetInt64());
            // The fault lies in the break: planned downtime, not a loss of availability.
            Assert.Equal(16, day.D("run_s"), 6);
            Assert.Equal(4, day.D("planned_down_s"), 6);
            Assert.Equal(0, day.D("fault_s"), 6);
            Assert.Equal(1, day.D("availability"), 6);
        });
    }

    [Fact]
    public async Task KPI_11_listeners_hear_of_a_tenant_s_new_KPIs()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100)));
            await cloud.IngestAsync(new KpiData("kpi11", "line1", "m1", t0).Points(0, 20, KpiComputationTests.RunFaultRun));
            using var stop = new CancellationTokenSource();
            await using var updates = cloud.Services.GetRequiredService<IKpiNotifier>().UpdatesAsync(stop.Token).GetAsyncEnumerator(stop.Token);
            var heard = Task.Run(async () =>
            {
                // Other tenants' notices may come first.
                while (await updates.MoveNextAsync())
                {
                    if (updates.Current == "acme")
                    {
                        return true;
                    }
                }
                return false;
            });

            await cloud.CycleAsync();

            Assert.True(await heard.WaitAsync(TimeSpan.FromSeconds(10)));
            await stop.CancelAsync();
        });
    }

    private static long Ns(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
