using IIoT.Simulators.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Simulators.Hosting;

/// <summary>Hosts the embedded broker when enabled; registered before the simulator so it listens first.</summary>
internal sealed class EmbeddedBrokerService(IOptions<SimulatorOptions> options, ILogger<EmbeddedBrokerService> logger) : IHostedService, IAsyncDisposable
{
    private EmbeddedBroker? _broker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var embedded = options.Value.EmbeddedBroker;
        if (!embedded.Enabled)
        {
            return;
        }
        _broker = await EmbeddedBroker.StartAsync(embedded.Port).WaitAsync(cancellationToken).ConfigureAwait(false);
        Log.EmbeddedBrokerStarted(logger, _broker.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_broker is not null)
        {
            await _broker.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
