using IIoT.Gateway.Collection.Mqtt;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>The MQTT sources a test started, each stopped (and awaited) when the test ends or asks.</summary>
internal sealed class RunningSources : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];

    public void Run(MqttSource source)
    {
        var stop = new CancellationTokenSource();
        _running.Add((stop, source.RunAsync(stop.Token)));
    }

    /// <summary>Stops the source started last.</summary>
    public async Task StopLastAsync()
    {
        var (stop, run) = _running[^1];
        _running.RemoveAt(_running.Count - 1);
        await StopAsync(stop, run);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await StopAsync(stop, run);
        }
        _running.Clear();
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
        stop.Dispose();
    }
}
