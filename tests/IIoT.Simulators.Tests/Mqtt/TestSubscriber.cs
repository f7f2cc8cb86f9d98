using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IIoT.Simulators.Tests.Mqtt;

/// <summary>
/// A QoS 1 subscriber with a persistent session (clean start false, session expiry), so the broker keeps its messages
/// while the broker is away; a test that restarts the broker calls <see cref="ReconnectAsync"/> once it listens again.
/// </summary>
internal sealed class TestSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string _filter;

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
        return subscriber;
    }

    /// <summary>Connects again after the broker was restarted (its session, and the messages queued for it, resume).</summary>
    public async Task ReconnectAsync()
    {
        await IIoT.Testing.Wait.UntilAsync(() => !_client.IsConnected, TimeSpan.FromSeconds(15), "the subscriber to see the broker go")
            .ConfigureAwait(false);
        await ConnectAsync(CancellationToken.None).ConfigureAwait(false);
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
        _client.Dispose();
    }
}
