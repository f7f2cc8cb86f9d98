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
        var source = new OpcUaSource(
            options.Endpoints[endpointIndex],
            services.GetRequiredService<IRecordSink>(),
            services.GetRequiredService<ILossLedger>(),
            services.GetRequiredService<OpcUaStatusRegistry>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<OpcUaSource>>());
        return source.RunAsync(stoppingToken);
    }
}
