using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IIoT.Cloud.Tests.Support;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>The KPI JSON API behind the dashboard login: a user sees only their tenant's KPIs.</summary>
public sealed class KpiApiTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    private const long S = 1_000_000_000;

    [Fact]
    public async Task KPI_08_the_API_returns_the_tenant_s_KPIs_and_a_user_of_another_tenant_sees_none()
    {
        await RunAsync(async () =>
        {
            var t0 = KpiRows.RecentStartNs();
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, new KpiClock(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100)));
            await cloud.IngestAsync(new KpiData("kpi08", "line1", "m1", t0).Points(0, 20, KpiComputationTests.RunFaultRun));
            await cloud.CycleAsync();
            using var acme = cloud.DashboardClient("acme");
            using var globex = cloud.DashboardClient("globex");
            using var anonymous = cloud.DashboardClient(null);

            var kpis = await acme.GetFromJsonAsync<JsonElement>("/api/v1/kpis?site=kpi08&level=machine&window=15m");
            var row = Assert.Single(kpis.GetProperty("kpis").EnumerateArray());
            Assert.Equal("m1", row.GetProperty("machine").GetString());
            Assert.Equal(0.48, row.GetProperty("figures").GetProperty("oee").GetDouble(), 6);
            Assert.Equal(0.8, row.GetProperty("figures").GetProperty("availability").GetDouble(), 6);
            Assert.Equal(16, row.GetProperty("totals").GetProperty("runS").GetDouble(), 6);
            Assert.True(row.GetProperty("complete").GetBoolean());
            Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100), row.GetProperty("to").GetDateTimeOffset());
            var all = await acme.GetFromJsonAsync<JsonElement>("/api/v1/kpis?site=kpi08");
            Assert.Equal(12, all.GetProperty("kpis").GetArrayLength());

            var foreign = await globex.GetFromJsonAsync<JsonElement>("/api/v1/kpis?site=kpi08");
            Assert.Equal(0, foreign.GetProperty("kpis").GetArrayLength());
            using (var response = await anonymous.GetAsync("/api/v1/kpis"))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }

            var from = Uri.EscapeDataString(DateTimeOffset.UnixEpoch.AddTicks(t0 / 100).ToString("O"));
            var to = Uri.EscapeDataString(DateTimeOffset.UnixEpoch.AddTicks((t0 + (20 * S)) / 100).ToString("O"));
            var timeline = await acme.GetFromJsonAsync<JsonElement>($"/api/v1/machines/kpi08/line1/m1/timeline?from={from}&to={to}");
            Assert.Equal(["running", "fault", "running"], timeline.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
            var stops = await acme.GetFromJsonAsync<JsonElement>($"/api/v1/machines/kpi08/line1/m1/stops?from={from}&to={to}");
            var stop = Assert.Single(stops.GetProperty("stops").EnumerateArray());
            Assert.Equal(4, stop.GetProperty("durationS").GetDouble(), 6);
            Assert.Equal("fault", stop.GetProperty("condition").GetString());
            var foreignTimeline = await globex.GetFromJsonAsync<JsonElement>($"/api/v1/machines/kpi08/line1/m1/timeline?from={from}&to={to}");
            Assert.Equal(0, foreignTimeline.GetProperty("spans").GetArrayLength());

            var trendTo = Uri.EscapeDataString(DateTimeOffset.UnixEpoch.AddTicks((t0 + (21 * S)) / 100).ToString("O"));
            var trend = await acme.GetFromJsonAsync<JsonElement>($"/api/v1/kpis/trend?site=kpi08&level=site&window=15m&from={from}&to={trendTo}");
            Assert.Contains(trend.GetProperty("points").EnumerateArray(), p => p.GetProperty("level").GetString() == "site");
        });
    }

    [Fact]
    public async Task KPI_08_bad_query_parameters_get_400()
    {
        await RunAsync(async () =>
        {
            await using var cloud = await KpiCloud.StartAsync(influxd.Server, new KpiClock(DateTimeOffset.UtcNow));
            using var acme = cloud.DashboardClient("acme");
            foreach (var uri in new[]
            {
                "/api/v1/kpis?window=week", "/api/v1/kpis?level=area", "/api/v1/kpis/trend?from=yesterday",
                "/api/v1/machines/s/l/m/timeline?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                "/api/v1/machines/s/l/m/stops?from=2026-01-01T00:00:00Z&to=2026-01-05T00:00:00Z",
            })
            {
                using var response = await acme.GetAsync(uri);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{uri}: {response.StatusCode}");
            }
        });
    }

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(60));
}
