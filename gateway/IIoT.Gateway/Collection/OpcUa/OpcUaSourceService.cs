using IIoT.Gateway.Buffering;
using IIoT.Gateway.Ledger;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>Hosts the <see cref="OpcUaSource"/> of one configured endpoint (one loop per endpoint).</summary>
internal sealed class OpcUaSourceService(int endpointIndex, IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here rather than in the constructor, so that options validation on start runs first.
        var options = services.GetRequiredService<IOptions<OpcUaOptions>>().Value;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetRequiredService<ILogger<OpcUaSource>>();
        var dataDirectory = services.GetRequiredService<IOptions<GatewayOptions>>().Value.DataDirectory;
        var source = new OpcUaSource(
            options.Endpoints[endpointIndex],
            services.GetRequiredService<IRecordSink>(),
            services.GetRequiredService<ILossLedger>(),
            services.GetRequiredService<OpcUaStatusRegistry>(),
            time,
            logger)
        {
            SubscriptionStore = new OpcUaSubscriptionStore(Path.Combine(dataDirectory, "opcua"), time, logger),
        };
        return source.RunAsync(stoppingToken);
    }
}
