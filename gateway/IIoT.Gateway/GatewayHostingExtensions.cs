using IIoT.Gateway.Buffering;
using IIoT.Gateway.Collection.Mqtt;
using IIoT.Gateway.Collection.OpcUa;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Hosting;
using IIoT.Gateway.Ledger;
using IIoT.Gateway.Uplink;
using IIoT.Observability;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway;

/// <summary>All of the gateway's wiring: options, buffer, intakes, uplink, health and metrics.</summary>
public static class GatewayHostingExtensions
{
    public const string BufferSectionName = "Buffer";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddPrometheusExporter(GatewayMeter.Name);

        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UplinkOptions>().BindConfiguration(UplinkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<UplinkOptions>, UplinkOptionsValidator>();
        services.AddOptions<DurableBufferOptions>().BindConfiguration(BufferSectionName)
            .PostConfigure<IOptions<GatewayOptions>>((buffer, gateway) =>
            {
                if (string.IsNullOrWhiteSpace(buffer.Directory))
                {
                    buffer.Directory = Path.Combine(gateway.Value.DataDirectory, "buffer");
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DurableBufferOptions>, BufferOptionsValidator>();
        services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.SectionName)
            .PostConfigure<IOptions<GatewayOptions>>((deadLetters, gateway) =>
            {
                if (string.IsNullOrWhiteSpace(deadLetters.Directory))
                {
                    deadLetters.Directory = Path.Combine(gateway.Value.DataDirectory, "deadletter");
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(provider =>
        {
            var clock = provider.GetRequiredService<TimeProvider>();
            var buffer = DurableBuffer.Open(provider.GetRequiredService<IOptions<DurableBufferOptions>>().Value, clock,
                provider.GetRequiredService<ILogger<DurableBuffer>>());
            BufferMetrics.Observe(buffer, clock);
            return buffer;
        });
        services.AddSingleton<IRecordSink>(provider => provider.GetRequiredService<DurableBuffer>());
        services.AddSingleton<IUplinkQueue>(provider => new BufferUplinkQueue(provider.GetRequiredService<DurableBuffer>()));
        services.AddSingleton(provider => new DeadLetterStore(provider.GetRequiredService<IOptions<DeadLetterOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<DeadLetterStore>>()));

        services.AddSingleton<BufferedLossLedger>();
        services.AddSingleton<ILossLedger>(provider => provider.GetRequiredService<BufferedLossLedger>());
        services.AddHostedService(provider => provider.GetRequiredService<BufferedLossLedger>());
        services.AddHostedService<BufferLossReporter>();

        services.AddMqttCollection(builder.Configuration);
        services.AddOpcUaCollection(builder.Configuration);

        services.AddSingleton<UplinkStatus>();
        services.AddSingleton(provider => new CloudClient(provider.GetRequiredService<IOptions<UplinkOptions>>().Value));
        services.AddHostedService<UplinkForwarder>();

        services.AddHostedService<StartupLog>();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapGatewayHealth();
        app.MapOpcUaHealth();
        app.MapPrometheusMetrics();
        return app;
    }
}
