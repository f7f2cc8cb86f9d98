using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Collection.Mqtt;

internal static class MqttCollectionExtensions
{
    /// <summary>
    /// Binds and validates section "Mqtt" (on start) and hosts one <see cref="MqttSourceService"/> per broker.
    /// Without a "Mqtt" section nothing is added. Needs IRecordSink, ILossLedger, DeadLetterStore and ILogger from DI;
    /// TimeProvider is optional (the system clock).
    /// </summary>
    public static IServiceCollection AddMqttCollection(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(MqttOptions.SectionName);
        if (!section.Exists())
        {
            return services;
        }
        services.AddOptions<MqttOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MqttOptions>, MqttOptionsValidator>());
        // The number of loops is fixed when the host is built; each loop reads its broker's options when it starts.
        var brokers = section.GetSection(nameof(MqttOptions.Brokers)).GetChildren().Count();
        for (var i = 0; i < brokers; i++)
        {
            var index = i;
            services.AddSingleton<IHostedService>(provider => new MqttSourceService(index, provider));
        }
        return services;
    }
}
