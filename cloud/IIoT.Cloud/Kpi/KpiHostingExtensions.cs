using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Api;
using IIoT.Cloud.Kpi.Options;
using IIoT.Cloud.Kpi.Scheduling;
using IIoT.Cloud.Kpi.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Kpi;

/// <summary>Wiring of the KPI computation (Cloud:Kpi), its reader and notifier, and the JSON API.</summary>
public static class KpiHostingExtensions
{
    public static WebApplicationBuilder AddKpi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<KpiOptions>().BindConfiguration(KpiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KpiOptions>, KpiOptionsValidator>();
        services.AddSingleton(provider => new InfluxQueryClient(
            provider.GetRequiredService<IOptions<CloudOptions>>().Value.Storage, provider.GetRequiredService<IOptions<KpiOptions>>().Value));
        services.AddSingleton(provider => new KpiRawReader(
            provider.GetRequiredService<InfluxQueryClient>(), provider.GetRequiredService<IOptions<KpiOptions>>().Value));
        services.AddSingleton(provider => new SiteCalendars(provider.GetRequiredService<IOptions<KpiOptions>>().Value));
        services.AddSingleton<KpiPointWriter>();
        services.AddSingleton<KpiComputation>();
        services.AddSingleton<KpiMetrics>();
        services.AddSingleton<KpiDirtyTracker>();
        services.AddSingleton<KpiNotifier>();
        services.AddSingleton<IKpiNotifier>(provider => provider.GetRequiredService<KpiNotifier>());
        services.AddSingleton<IKpiReader, KpiReader>();
        services.AddSingleton<KpiScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<KpiScheduler>());
        return builder;
    }

    /// <summary>Maps the KPI JSON API (behind the "dashboard" policy).</summary>
    public static WebApplication MapKpi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        KpiEndpoints.Map(app);
        return app;
    }
}
