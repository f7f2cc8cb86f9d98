using IIoT.Cloud.Tests.Support;
using IIoT.Testing;
using Microsoft.AspNetCore.Builder;

namespace IIoT.Cloud.Tests.Storage;

/// <summary>
/// The InfluxDB 2.x writer (InfluxDB.Client) through the whole service against a real VictoriaMetrics, which
/// speaks /api/v2/write and names series "{measurement}_{field}".
/// </summary>
public sealed class InfluxV2WriterTests : IAsyncLifetime
{
    private readonly int _port = FreePort.Next();
    private VictoriaMetricsServer _victoria = null!;
    private WebApplication _cloud = null!;
    private IngestClient _client = null!;

    public async Task InitializeAsync()
    {
        _victoria = await VictoriaMetricsServer.StartAsync();
        _cloud = await CloudApp.StartAsync(new Dictionary<string, string?>
        {
            ["Cloud:Storage:Kind"] = "InfluxV2",
            ["Cloud:Storage:Url"] = _victoria.Url,
            ["Cloud:Storage:Token"] = "test-token",
            ["Cloud:Storage:Org"] = "test-org",
            ["Cloud:Tenants:0:Id"] = "acme",
            ["Cloud:Tenants:0:Bucket"] = "acme-bucket",
            ["Cloud:Gateways:0:Id"] = "gw1",
            ["Cloud:Gateways:0:Tenant"] = "acme",
            ["Cloud:Gateways:0:ApiKey"] = CloudWithInfluxd.AcmeKey,
        }, _port);
        _client = new IngestClient($"http://127.0.0.1:{_port}");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cloud.DisposeAsync();
        await _victoria.DisposeAsync();
    }

    [Fact]
    public async Task Points_written_through_the_v2_writer_are_visible_in_VictoriaMetrics()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        async Task RunAsync()
        {
            var times = new[] { Points.NowNs(), Points.NowNs(), Points.NowNs() };
            var batch = Points.Batch("gw1", 1,
                Points.Double("vm_temp", 21.5, times[0]), Points.Double("vm_temp", 22.5, times[1]), Points.Integer("vm_count", 7, times[2]));

            var result = await _client.StoreAsync(batch, CloudWithInfluxd.AcmeKey);

            Assert.Equal(3u, result.AcceptedPoints);
            string export = "";
            await Wait.UntilAsync(async () =>
            {
                export = await _victoria.ExportAsync("{__name__=~\"vm_temp_value|vm_count_value\"}");
                return export.Contains("vm_temp_value", StringComparison.Ordinal) && export.Contains("vm_count_value", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(20), "the points to be exported by VictoriaMetrics");
            Assert.Contains("\"gateway\":\"gw1\"", export, StringComparison.Ordinal);
            Assert.Contains("\"machine\":\"m1\"", export, StringComparison.Ordinal);
            Assert.Contains("[21.5,22.5]", export, StringComparison.Ordinal);
            Assert.Contains("[7]", export, StringComparison.Ordinal);
            Assert.Contains((times[0] / 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), export, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Healthz_pings_VictoriaMetrics()
    {
        using var response = await _client.Http.GetAsync("/healthz").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
