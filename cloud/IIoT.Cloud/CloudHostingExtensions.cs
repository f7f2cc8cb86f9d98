using IIoT.Cloud.Configuration;
using IIoT.Cloud.Dashboard;
using IIoT.Cloud.Ingestion;
using IIoT.Cloud.Kpi;
using IIoT.Cloud.Storage;
using IIoT.Contracts;
using IIoT.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud;

/// <summary>All wiring of the cloud service, so that Program.cs and the tests host the same thing.</summary>
public static class CloudHostingExtensions
{
    /// <summary>The System.Diagnostics.Metrics meter of the service, for the Prometheus exporter.</summary>
    public const string MeterName = CloudMetrics.MeterName;

    public static WebApplicationBuilder AddCloud(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CloudOptions>().BindConfiguration(CloudOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CloudOptions>, CloudOptionsValidator>();
        // API-04: Kestrel refuses a body above the compressed limit with 413 before reading it all.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<CloudOptions>>((kestrel, cloud) =>
            kestrel.Limits.MaxRequestBodySize = cloud.Value.Limits.MaxCompressedBytes);

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CloudMetrics>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<AuthFailureThrottle>();
        services.AddSingleton<GatewayConcurrencyLimiter>();
        services.AddSingleton(_ => new ReplayCache());
        services.AddSingleton<IInfluxWriter>(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<CloudOptions>>().Value.Storage;
            return storage.Kind == StorageKind.InfluxV2 ? new InfluxV2Writer(storage) : new InfluxV1Writer(storage);
        });
        services.AddSingleton<BatchWriter>();
        services.AddSingleton<BatchIngestor>();
        services.AddSingleton<BatchEndpoint>();
        services.AddHostedService<StoragePreparer>();
        services.AddHealthChecks().AddCheck<InfluxHealthCheck>("influxdb");
        services.AddPrometheusExporter(MeterName);
        builder.AddKpi();
        builder.AddDashboard();
        return builder;
    }

    /// <summary>Maps POST /api/v1/batches, GET /healthz, GET /metrics (Prometheus text), the KPI API and the dashboard.</summary>
    public static WebApplication MapCloud(this WebApplication app)
    {
        app.MapPost(WireFormat.BatchesPath, (HttpContext context, BatchEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapHealthChecks("/healthz");
        app.MapPrometheusMetrics();
        app.MapKpi();
        app.MapDashboard();
        return app;
    }
}
