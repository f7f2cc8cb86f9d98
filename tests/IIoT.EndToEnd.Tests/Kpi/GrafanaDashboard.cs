using System.Text.Json;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>The provisioned Grafana dashboard (deploy/grafana): its InfluxQL queries, runnable outside Grafana.</summary>
internal sealed class GrafanaDashboard
{
    public static readonly string ProvisioningFolder = Path.Combine(RepoPaths.Root, "deploy", "grafana", "provisioning");

    private GrafanaDashboard(JsonElement root, List<DashboardQuery> queries)
    {
        Root = root;
        Queries = queries;
    }

    public JsonElement Root { get; }

    /// <summary>Every panel query as written (with Grafana's $variables).</summary>
    public List<DashboardQuery> Queries { get; }

    public static GrafanaDashboard Load()
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProvisioningFolder, "dashboards", "iiot-kpi.json"))).RootElement;
        var queries = new List<DashboardQuery>();
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }
            foreach (var target in targets.EnumerateArray())
            {
                queries.Add(new DashboardQuery(panel.GetProperty("title").GetString()!, panel.GetProperty("type").GetString()!,
                    target.GetProperty("query").GetString()!, target.GetProperty("datasource").GetProperty("uid").GetString()!));
            }
        }
        return new GrafanaDashboard(root, queries);
    }

    /// <summary>
    /// A query as Grafana would send it: the time filter as the last <paramref name="range"/>, the group-by interval,
    /// and each variable as a regex or value (All = every value).
    /// </summary>
    public static string Expand(string query, string window, string site, string range = "2d") => query
        .Replace("$timeFilter", $"time > now() - {range}", StringComparison.Ordinal)
        .Replace("$__interval", "10s", StringComparison.Ordinal)
        .Replace("/^$site$/", $"/^{site}$/", StringComparison.Ordinal)
        .Replace("/^$line$/", "/^.*$/", StringComparison.Ordinal)
        .Replace("/^$machine$/", "/^.*$/", StringComparison.Ordinal)
        .Replace("$window", window, StringComparison.Ordinal)
        .Replace("$tag_machine", "", StringComparison.Ordinal);
}

internal sealed record DashboardQuery(string Panel, string PanelType, string Query, string DataSourceUid);
