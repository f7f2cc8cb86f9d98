using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IIoT.Simulators.Hosting;

internal static class SimulatorHostingExtensions
{
    /// <summary>Binds "Simulator" options (validated at start), the embedded broker and the simulator loop.</summary>
    public static IHostApplicationBuilder AddSimulator(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(sp => new SimulatorMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        if (builder.Configuration.GetValue<bool>($"{SimulatorOptions.SectionName}:OpcUa:Enabled"))
        {
            // OPC UA front end instead of MQTT: no broker, no MQTT publisher.
            builder.Services.AddSingleton<OpcUaSimulatorService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<OpcUaSimulatorService>());
            return builder;
        }

        // Order matters: the broker must listen before the simulator connects.
        builder.Services.AddHostedService<EmbeddedBrokerService>();
        builder.Services.AddHostedService<SimulatorService>();
        return builder;
    }
}
