using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IIoT.Observability;

public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Registers one exporter that listens to the named meters from now on.</summary>
    public static IServiceCollection AddPrometheusExporter(this IServiceCollection services, params string[] meterNames) =>
        services.AddSingleton(_ => new PrometheusExporter(meterNames));

    /// <summary>GET {path}: the Prometheus text format.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics") =>
        endpoints.MapGet(path, (PrometheusExporter exporter) => Results.Text(exporter.Render(), ContentType));
}
