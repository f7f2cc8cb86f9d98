using System.Net;
using IIoT.Cloud.Tests.Support;
using IIoT.Testing;

namespace IIoT.Cloud.Tests.Storage;

public sealed class DatabaseCreationTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    [Fact]
    public async Task Tenant_databases_are_created_at_start_when_CreateDatabases_is_set()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        async Task RunAsync()
        {
            var settings = CloudWithInfluxd.Settings(influxd.Server.Url);
            settings["Cloud:Tenants:0:Database"] = "created_at_start";
            await using var app = await CloudApp.StartAsync(settings, FreePort.Next());

            await Wait.UntilAsync(async () =>
            {
                var results = await influxd.Server.QueryAsync(null, "SHOW DATABASES");
                return results.ToString().Contains("created_at_start", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(20), "the tenant database to exist");
        }
    }

    [Fact]
    public async Task A_missing_database_without_CreateDatabases_gets_503_not_per_point_rejections()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        async Task RunAsync()
        {
            var port = FreePort.Next();
            var settings = CloudWithInfluxd.Settings(influxd.Server.Url);
            settings["Cloud:Storage:CreateDatabases"] = "false";
            settings["Cloud:Tenants:0:Database"] = "never_created";
            await using var app = await CloudApp.StartAsync(settings, port);
            using var client = new IngestClient($"http://127.0.0.1:{port}");

            using var response = await client.PostAsync(Points.Batch("gw1", 1, Points.Double("missing", 1), Points.Double("missing", 2)), CloudWithInfluxd.AcmeKey);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
        }
    }
}
