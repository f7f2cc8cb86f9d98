using System.Collections.Concurrent;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>
/// A separate client session monitoring one integer node at the server's fastest sampling rate: a value it has seen was
/// sampled by the server, which lets a test pace its changes on the server's sampling instead of a fixed pause.
/// </summary>
internal sealed class SamplingProbe : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, bool> _seen = new();
    private readonly CancellationTokenSource _stop = new();
    private UaSession _session = null!;
    private Subscription _subscription = null!;
    private Task _reader = Task.CompletedTask;

    public static async Task<SamplingProbe> StartAsync(string endpointUrl, NodeId node)
    {
        var probe = new SamplingProbe();
        probe._session = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = endpointUrl });
        probe._subscription = await probe._session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(20) });
        await probe._subscription.AddMonitoredItemsAsync([new MonitoredItemOptions { NodeId = node, SamplingInterval = 0, QueueSize = 1000 }]);
        probe._reader = probe.ReadAsync();
        return probe;
    }

    public bool Seen(long value) => _seen.ContainsKey(value);

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var batch in _subscription.Notifications.ReadAllAsync(_stop.Token))
            {
                foreach (var notification in batch.Values)
                {
                    if (notification.Value.Value.Value is uint value)
                    {
                        _seen[value] = true;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        await _subscription.DisposeAsync();
        await _session.DisposeAsync();
        _stop.Dispose();
    }
}
