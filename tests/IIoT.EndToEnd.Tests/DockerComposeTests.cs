using System.Text.RegularExpressions;
using IIoT.EndToEnd.Tests.Kpi;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests;

/// <summary>No Docker engine runs here; docker-compose can still check the file and what it refers to.</summary>
public sealed class DockerComposeTests
{
    [Fact(Timeout = 60_000)]
    public async Task Docker_compose_file_is_valid_and_names_every_service()
    {
        var config = await ComposeConfigAsync();
        foreach (var service in new[] { "influxdb:", "mosquitto:", "cloud:", "gateway:", "simulators:", "grafana:" })
        {
            Assert.Contains(service, config);
        }
        foreach (var dockerfile in new[] { "cloud/IIoT.Cloud/Dockerfile", "gateway/IIoT.Gateway/Dockerfile", "simulators/IIoT.Simulators/Dockerfile" })
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, dockerfile)), dockerfile + " is missing");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Compose_runs_InfluxDB_1_8_the_cloud_on_InfluxQL_with_KPIs_and_a_dashboard_user_and_Grafana_with_provisioning()
    {
        var config = await ComposeConfigAsync();
        Assert.Contains("image: influxdb:1.8", config);
        Assert.Contains("Cloud__Storage__Kind: InfluxV1", config);
        Assert.Contains("Cloud__Kpi__Enabled: 'true'", config.Replace("\"", "'", StringComparison.Ordinal));
        Assert.Contains("Cloud__Kpi__Sites__0__TimeZone:", config);
        Assert.Matches(new Regex(@"Cloud__Users__0__PasswordSha256: [0-9a-f]{64}"), config);
        Assert.Matches(new Regex(@"image: grafana/grafana-oss:\d+\.\d+\.\d+"), config);
        Assert.Contains("published: 3000", config);
        // docker-compose prints the host side as an absolute path: the mount must be our provisioning folder.
        Assert.Contains($"{GrafanaDashboard.ProvisioningFolder}:/etc/grafana/provisioning:ro", config);

        var datasource = await File.ReadAllTextAsync(Path.Combine(GrafanaDashboard.ProvisioningFolder, "datasources", "influxdb.yml"));
        Assert.Contains("type: influxdb", datasource);
        Assert.Contains("url: http://influxdb:8086", datasource);
        Assert.Contains("version: InfluxQL", datasource);
        Assert.Contains("dbName: demo", datasource); // the compose tenant's database (Cloud__Tenants__0__Database)
        Assert.Contains("Cloud__Tenants__0__Database: demo", config);
        var provider = await File.ReadAllTextAsync(Path.Combine(GrafanaDashboard.ProvisioningFolder, "dashboards", "provider.yml"));
        Assert.Contains("path: /etc/grafana/provisioning/dashboards", provider);

        var dashboard = GrafanaDashboard.Load();
        var uid = Regex.Match(datasource, @"uid: (\S+)").Groups[1].Value;
        Assert.NotEmpty(dashboard.Queries);
        Assert.All(dashboard.Queries, q => Assert.Equal(uid, q.DataSourceUid));
        Assert.All(dashboard.Queries, q => Assert.Matches(new Regex("FROM \"(kpi|state)\""), q.Query));
        var kpiPanels = dashboard.Queries.Where(q => q.Query.Contains("FROM \"kpi\"", StringComparison.Ordinal)).Select(q => q.Panel).Distinct().ToList();
        Assert.True(kpiPanels.Count >= 6, "panels over the kpi measurement: " + string.Join(", ", kpiPanels));
        foreach (var field in new[] { "oee", "availability", "performance", "quality", "stops" })
        {
            Assert.Contains(dashboard.Queries, q => q.Query.Contains($"\"{field}\"", StringComparison.Ordinal));
        }
        Assert.Contains(dashboard.Queries, q => q.PanelType == "state-timeline" && q.Query.Contains("FROM \"state\"", StringComparison.Ordinal));
        var variables = dashboard.Root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.Equal(["window", "site", "line", "machine"], variables);
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_dashboard_query_is_InfluxQL_that_influxd_accepts()
    {
        await using var influx = await InfluxdServer.StartAsync();
        await influx.CreateDatabaseAsync("demo");
        foreach (var query in GrafanaDashboard.Load().Queries)
        {
            // Throws with influxd's message on a syntax error; no data is needed for that.
            await influx.RowsAsync("demo", GrafanaDashboard.Expand(query.Query, "shift", "plant1"));
        }
        var variables = GrafanaDashboard.Load().Root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query").Select(v => v.GetProperty("query").GetString()!);
        foreach (var query in variables)
        {
            await influx.RowsAsync("demo", GrafanaDashboard.Expand(query, "shift", "plant1"));
        }
    }

    private static async Task<string> ComposeConfigAsync()
    {
        await using var compose = ManagedProcess.Start("docker-compose", Executables.Require("docker-compose", "docker-compose"),
            ["-f", Path.Combine(RepoPaths.Root, "docker-compose.yml"), "config"]);
        await compose.WaitForExitAsync();
        Assert.True(compose.ExitCode == 0, compose.Output);
        return compose.Output;
    }
}
