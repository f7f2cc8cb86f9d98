using System.Text;
using IIoT.Testing;
using MQTTnet;

namespace IIoT.EndToEnd.Tests;

/// <summary>The whole data path with real processes, and bad input on the way.</summary>
public sealed class PipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 180_000)]
    public async Task Every_point_the_simulators_published_is_in_InfluxDB_exactly_once_with_its_value()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        await pipeline.StartAsync();

        var simulator = await pipeline.StartSimulatorAsync(machines: 5, ticks: 100, messagesPerSecond: 500);
        await Pipeline.WaitForExitAsync(simulator, Patience);
        var audit = await pipeline.WaitForAllStoredAsync(Patience);

        Assert.True(audit.Lost.Count == 0 && audit.Unexpected.Count == 0 && audit.Wrong.Count == 0, audit + pipeline.Diagnostics());
        Assert.Equal(5 * 100 * 10, audit.Expected); // 10 signals besides ts per message
        Assert.Equal(audit.Expected, await pipeline.Gateway.MetricAsync("iiot_gateway_uplink_points_sent_total"));
    }

    [Fact(Timeout = 180_000)]
    public async Task MQ_bad_input_malformed_json_and_unmapped_topics_are_dead_lettered_counted_and_the_rest_flows()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        await pipeline.StartAsync();

        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", pipeline.Broker.Port).WithClientId("bad-publisher").Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("factory/plant1/assembly/line1/m01/telemetry")
            .WithPayload("{\"ts\": 17641332, \"temperature_c\": ").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("factory/unknown-device")
            .WithPayload("{\"ts\": 1764133200123, \"x\": 1}").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();

        var simulator = await pipeline.StartSimulatorAsync(machines: 3, ticks: 50, messagesPerSecond: 500);
        await Pipeline.WaitForExitAsync(simulator, Patience);
        var audit = await pipeline.WaitForAllStoredAsync(Patience);
        Assert.True(audit.Lost.Count == 0 && audit.Unexpected.Count == 0 && audit.Wrong.Count == 0, audit + pipeline.Diagnostics());

        var deadLetters = string.Join("\n", Directory.GetFiles(pipeline.DeadLetterDirectory, "*.jsonl").Select(File.ReadAllText));
        Assert.Contains("factory/unknown-device", deadLetters);
        Assert.Contains("factory/plant1/assembly/line1/m01/telemetry", deadLetters);

        // The losses reach the cloud as ledger points, so that an engineer sees them next to the data.
        await Wait.UntilAsync(async () =>
        {
            var rows = await pipeline.Influx.RowsAsync(Pipeline.Tenant, "SELECT sum(\"count\") FROM iiot_loss GROUP BY \"reason\"");
            return rows.Count(r => r["sum"].GetInt64() >= 1) >= 2;
        }, Patience, "two loss reasons (malformed, unmapped) in iiot_loss");
    }
}
