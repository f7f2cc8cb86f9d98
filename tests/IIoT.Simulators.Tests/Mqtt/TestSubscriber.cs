using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IIoT.Simulators.Tests.Mqtt;

/// <summary>
/// A QoS 1 subscriber with a persistent session (clean start false, session expiry) that reconnects by itself,
/// so the broker keeps its messages while it or the broker is away.
/// </summary>
internal sealed class TestSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string _filter;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _disconnected = new(0);
    private Task? _keepConnected;

    private TestSubscriber(int port, string filter)
    {
        _filter = filter;
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId("test-sub-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(600)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        _client.DisconnectedAsync += _ =>
        {
            _disconnected.Release();
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
    }

    public ConcurrentQueue<(string Topic, byte[] Payload)> Received { get; } = new();

    /// <summary>Telemetry received so far, without barrier markers.</summary>
    public List<(string Topic, byte[] Payload)> Telemetry =>
        [.. Received.Where(m => !m.Topic.StartsWith(BarrierPrefix, StringComparison.Ordinal))];

    private const string BarrierPrefix = "factory/_barrier/";

    /// <summary>
    /// Publishes a marker from another client after everything else was acknowledged and waits for it: the broker
    /// delivers in order, so nothing published earlier (duplicates included) can arrive after this returns.
    /// </summary>
    public async Task BarrierAsync(int port)
    {
        var topic = BarrierPrefix + Guid.NewGuid().ToString("N");
        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).Build()).ConfigureAwait(false);
        await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()).ConfigureAwait(false);
        await publisher.DisconnectAsync().ConfigureAwait(false);
        await IIoT.Testing.Wait.UntilAsync(() => Received.Any(m => m.Topic == topic), TimeSpan.FromSeconds(15), "the barrier message")
            .ConfigureAwait(false);
    }

    public static async Task<TestSubscriber> StartAsync(int port, string filter = "factory/#")
    {
        var subscriber = new TestSubscriber(port, filter);
        await subscriber.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
        subscriber._keepConnected = subscriber.KeepConnectedAsync(subscriber._stop.Token);
        return subscriber;
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var result = await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        if (!result.IsSessionPresent)
        {
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(_filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reconnects whenever the client reports a lost connection; a failed attempt is retried after a short pause.</summary>
    private async Task KeepConnectedAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _disconnected.WaitAsync(cancellationToken).ConfigureAwait(false);
                while (!_client.IsConnected)
                {
                    try
                    {
                        await ConnectAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Broker still away: the retry pause of a reconnect loop (the product code backs off).
                        await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_keepConnected is not null)
        {
            await _keepConnected.ConfigureAwait(false);
        }
        try
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
        _client.Dispose();
        _stop.Dispose();
        _disconnected.Dispose();
    }
}
