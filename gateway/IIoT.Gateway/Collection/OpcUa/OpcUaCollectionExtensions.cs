using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Collection.OpcUa;

internal static class OpcUaCollectionExtensions
{
    /// <summary>
    /// Binds and validates section "OpcUa" (on start) and hosts one <see cref="OpcUaSourceService"/> per endpoint.
    /// Without an "OpcUa" section only the (empty) status registry is added.
    /// </summary>
    public static IServiceCollection AddOpcUaCollection(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<OpcUaStatusRegistry>();
        var section = configuration.GetSection(OpcUaOptions.SectionName);
        if (!section.Exists())
        {
            return services;
        }
        services.AddOptions<OpcUaOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpcUaOptions>, OpcUaOptionsValidator>());
        var endpoints = section.GetSection(nameof(OpcUaOptions.Endpoints)).GetChildren().Count();
        for (var i = 0; i < endpoints; i++)
        {
            var index = i;
            services.AddSingleton<IHostedService>(provider => new OpcUaSourceService(index, provider));
        }
        return services;
    }

    /// <summary>GET /healthz/opcua: per endpoint its state, items monitored and failed (with status), reconnects, gaps.</summary>
    public static IEndpointRouteBuilder MapOpcUaHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz/opcua", (OpcUaStatusRegistry registry) => Results.Json(new { endpoints = registry.All }));
        return endpoints;
    }
}
