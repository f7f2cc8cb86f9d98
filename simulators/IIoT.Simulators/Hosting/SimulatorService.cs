using IIoT.Simulators.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Simulators.Hosting;

/// <summary>Runs the line simulator; with a tick limit, stops the app once every message is acknowledged.</summary>
internal sealed class SimulatorService(
    IOptions<SimulatorOptions> options,
    ILogger<LineSimulator> logger,
    TimeProvider time,
    SimulatorMetrics metrics,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var simulator = new LineSimulator(options.Value, logger, time, metrics);
        try
        {
            await simulator.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            Log.Failed(logger, e);
            Environment.ExitCode = 1;
        }
        lifetime.StopApplication();
    }
}
