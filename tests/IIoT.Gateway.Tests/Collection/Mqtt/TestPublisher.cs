using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>Publishes QoS 1 messages to the test broker, as a simulator would.</summary>
internal sealed class TestPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public static async Task<TestPublisher> ConnectAsync(int port, string? userName = null, string? password = null)
    {
        var publisher = new TestPublisher();
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("publisher-" + Guid.NewGuid().ToString("N"));
        if (userName is not null)
        {
            builder.WithCredentials(userName, password);
        }
        await publisher._client.ConnectAsync(builder.Build(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return publisher;
    }

    public static string Telemetry(int seq) =>
        $$"""{"ts":{{1764133200000 + seq}},"seq":{{seq}},"state":"running","parts_total":1234,"temperature_c":61.25,"power_kw":7.5}""";

    public Task PublishAsync(string topic, string payload) => PublishAsync(topic, Encoding.UTF8.GetBytes(payload));

    public async Task PublishAsync(string topic, byte[] payload)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.PublishAsync(message, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
        _client.Dispose();
    }
}
