using IIoT.Gateway.Buffering;
using IIoT.Gateway.Collection.Mqtt.Mapping;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Ledger;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>Hosts the <see cref="MqttSource"/> of one configured broker (one loop per broker).</summary>
internal sealed class MqttSourceService(int brokerIndex, IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here rather than in the constructor, so that options validation on start runs first.
        var options = services.GetRequiredService<IOptions<MqttOptions>>().Value;
        var broker = options.Brokers[brokerIndex];
        var source = new MqttSource(
            broker,
            MappingRules.Compile(options.Rules).ForBroker(broker),
            services.GetRequiredService<IRecordSink>(),
            services.GetRequiredService<ILossLedger>(),
            services.GetRequiredService<DeadLetterStore>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<MqttSource>>());
        return source.RunAsync(stoppingToken);
    }
}
