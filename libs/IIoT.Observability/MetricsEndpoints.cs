using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IIoT.Observability;

public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Registers one exporter for the named meters. It is created when the host starts, before any hosted service
    /// runs, because a listener only sees what is recorded after it exists.
    /// </summary>
    public static IServiceCollection AddPrometheusExporter(this IServiceCollection services, params string[] meterNames)
    {
        services.AddSingleton(_ => new PrometheusExporter(meterNames));
        services.AddHostedService<ExporterActivation>();
        return services;
    }

    /// <summary>GET {path}: the Prometheus text format.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics") =>
        endpoints.MapGet(path, (PrometheusExporter exporter) => Results.Text(exporter.Render(), ContentType));
}

/// <summary>Makes the host create the exporter while it resolves its hosted services, before any of them starts.</summary>
internal sealed class ExporterActivation(PrometheusExporter exporter) : IHostedService
{
    public PrometheusExporter Exporter { get; } = exporter;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
