using System.Text.Json;
using IIoT.Gateway.Collection.Mqtt;
using IIoT.Gateway.Collection.Mqtt.Mapping;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Tests.Collection.Mqtt.Mapping;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Diagnostics.PacketInspection;
using Xunit;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>The MQTT intake against a real mosquitto (persistence on) on loopback.</summary>
public sealed class MqttSourceTests : IAsyncLifetime
{
    private const string Topic = "factory/plant1/assembly/line1/m01/telemetry";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempFolder _folder = new("mqtt-source");
    private readonly RecordingLedger _ledger = new();
    private readonly RunningSources _running = new();
    private DeadLetterStore _deadLetters = null!;
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _deadLetters = new DeadLetterStore(new DeadLetterOptions { Directory = _folder.Path }, TimeProvider.System, NullLogger<DeadLetterStore>.Instance);
        _broker = await MosquittoBroker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _running.DisposeAsync();
        await _broker.DisposeAsync();
        _deadLetters.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(MqttProtocol.V500)]
    [InlineData(MqttProtocol.V311)]
    public async Task QoS_1_messages_arrive_in_the_sink_in_order_as_mapped_points(MqttProtocol protocol)
    {
        var options = Broker("flow-" + protocol, protocol);
        using var metrics = new MetricRecorder(options.Name);
        var sink = new RecordingSink();
        var source = await StartAsync(options, sink);
        await using var publisher = await TestPublisher.ConnectAsync(_broker.Port);

        for (var seq = 0; seq < 200; seq++)
        {
            await publisher.PublishAsync(Topic, TestPublisher.Telemetry(seq));
        }

        await Wait.UntilAsync(() => sink.Points.Count == 1000, Timeout, "1000 points");
        var points = sink.Points;
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), points.Where(p => p.Signal == "seq").Select(p => p.IntValue));
        Assert.All(points, p => Assert.Equal("mqtt:" + options.Name, p.Source));
        Assert.All(points, p => Assert.Equal("m01", p.Asset.Machine));
        Assert.Equal(1764133200_007_000_000, points.Single(p => p.Signal == "seq" && p.IntValue == 7).SourceTimeNs);
        Assert.Equal("degC", points.First(p => p.Signal == "temperature_c").Unit);
        Assert.True(source.IsConnected);
        await Wait.UntilAsync(() => metrics.Sum("iiot.gateway.mqtt.messages.acknowledged") == 200, Timeout, "200 acks counted");
        Assert.Equal(200, metrics.Sum("iiot.gateway.mqtt.messages.received"));
        Assert.Equal(1000, metrics.Sum("iiot.gateway.mqtt.points.mapped"));
        Assert.Equal(1, metrics.Sum("iiot.gateway.mqtt.connected"));
        Assert.Empty(_ledger.Entries);
    }

    [Fact]
    public async Task Malformed_and_unmapped_messages_are_dead_lettered_acknowledged_and_the_rest_flows()
    {
        var options = Broker("dead");
        using var metrics = new MetricRecorder(options.Name);
        var sink = new RecordingSink();
        await StartAsync(options, sink);
        await using var publisher = await TestPublisher.ConnectAsync(_broker.Port);

        await publisher.PublishAsync(Topic, TestPublisher.Telemetry(0));
        await publisher.PublishAsync(Topic, "{\"ts\":1,\"seq\":");
        await publisher.PublishAsync(Topic, TestPublisher.Telemetry(1));
        await publisher.PublishAsync("factory/plant1/status", TestPublisher.Telemetry(99));
        await publisher.PublishAsync(Topic, "{\"seq\":5}");
        await publisher.PublishAsync(Topic, TestPublisher.Telemetry(2));

        await Wait.UntilAsync(() => metrics.Sum("iiot.gateway.mqtt.messages.acknowledged") == 6, Timeout, "all six acknowledged");
        Assert.Equal([0L, 1, 2], sink.Points.Where(p => p.Signal == "seq").Select(p => p.IntValue));
        var lines = File.ReadAllLines(Directory.GetFiles(_folder.Path, "deadletter-*.jsonl").Single())
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["malformed_json", "unmapped", "missing_timestamp"], lines.Select(l => l.GetProperty("reason").GetString()));
        Assert.Equal("factory/plant1/status", lines[1].GetProperty("topic").GetString());
        Assert.Equal("{\"seq\":5}", lines[2].GetProperty("payload_text").GetString());
        Assert.All(lines, l => Assert.Equal("mqtt:dead", l.GetProperty("source").GetString()));
        Assert.Equal(["malformed", "unmapped", "malformed"], _ledger.Entries.Select(e => e.Reason));
        Assert.All(_ledger.Entries, e => Assert.Equal(1ul, e.Count));
        Assert.Equal(1, metrics.Sum("iiot.gateway.mqtt.dead_letters/malformed_json"));
        Assert.Equal(1, metrics.Sum("iiot.gateway.mqtt.dead_letters/unmapped"));
        Assert.Equal(1, metrics.Sum("iiot.gateway.mqtt.dead_letters/missing_timestamp"));
    }

    [Fact]
    public async Task MQ_01_messages_not_durable_when_the_gateway_stops_are_redelivered_to_the_next_run()
    {
        var options = Broker("mq01");
        using var metrics = new MetricRecorder(options.Name);
        var stuck = new RecordingSink { BeforeDurable = (_, ct) => Task.Delay(System.Threading.Timeout.Infinite, ct) };
        var first = await StartAsync(options, stuck);
        await using var publisher = await TestPublisher.ConnectAsync(_broker.Port);

        for (var seq = 0; seq < 50; seq++)
        {
            await publisher.PublishAsync(Topic, TestPublisher.Telemetry(seq));
        }
        await Wait.UntilAsync(() => metrics.Sum("iiot.gateway.mqtt.messages.received") == 50, Timeout, "all 50 messages received by the first run");
        await StopAsync(first);
        Assert.Empty(stuck.Points);
        Assert.Equal(0, metrics.Sum("iiot.gateway.mqtt.messages.acknowledged"));

        var sink = new RecordingSink();
        await StartAsync(options, sink);

        await Wait.UntilAsync(() => sink.Points.Count >= 250, Timeout, "redelivered points");
        var seqs = sink.Points.Where(p => p.Signal == "seq").Select(p => p.IntValue).ToList();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), seqs.Distinct().Order());
        Assert.DoesNotContain(_ledger.Entries, e => e.Reason == "session_lost");
    }

    [Fact]
    public async Task MQ_02_PUBACKs_go_out_in_receive_order_on_the_wire_when_appends_complete_out_of_order()
    {
        var options = Broker("mq02");
        options.MaxAppendsInFlight = 2;
        var completed = Enumerable.Range(0, 10_000).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var allPublished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // An even append waits for the next one to be durable first (or, when no next one will come, for the end of publishing).
        var sink = new RecordingSink
        {
            BeforeDurable = async (call, ct) =>
            {
                if (call % 2 == 0)
                {
                    await Task.WhenAny(completed[call + 1].Task, allPublished.Task).WaitAsync(ct);
                }
                completed[call].TrySetResult();
            },
        };
        var wire = new WireLog();
        await StartAsync(options, sink, wire.Attach);
        await using var publisher = await TestPublisher.ConnectAsync(_broker.Port);

        for (var seq = 0; seq < 300; seq++)
        {
            await publisher.PublishAsync(Topic, TestPublisher.Telemetry(seq));
        }
        allPublished.SetResult();

        await Wait.UntilAsync(() => wire.PubAcks.Count == 300, Timeout, "300 PUBACKs on the wire");
        Assert.Equal(wire.Publishes, wire.PubAcks);
        var order = sink.CompletionOrder;
        Assert.Contains(order.Zip(order.Skip(1)), pair => pair.First > pair.Second);
    }

    [Fact]
    public async Task MQ_05_a_10x_burst_over_Receive_Maximum_is_flow_controlled_and_nothing_is_dropped()
    {
        var options = Broker("mq05");
        options.ReceiveMaximum = 10;
        // A slow disk: every append takes a moment, so the burst piles up in front of the gateway's bound.
        var sink = new RecordingSink { BeforeDurable = (_, ct) => Task.Delay(5, ct) };
        var wire = new WireLog();
        await StartAsync(options, sink, wire.Attach);
        await using var publisher = await TestPublisher.ConnectAsync(_broker.Port);

        for (var seq = 0; seq < 100; seq++)
        {
            await publisher.PublishAsync(Topic, TestPublisher.Telemetry(seq));
        }

        await Wait.UntilAsync(() => wire.PubAcks.Count == 100, Timeout, "100 PUBACKs");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), sink.Points.Where(p => p.Signal == "seq").Select(p => p.IntValue));
        Assert.Equal(wire.Publishes, wire.PubAcks);
        // At most Receive Maximum messages (5 points each) wait for durability at once, whatever the broker sends.
        Assert.InRange(sink.MaxPending, 5, 50);
    }

    [Fact]
    public async Task MQ_03_after_a_broker_restart_the_source_reconnects_resumes_the_session_and_loses_nothing()
    {
        var options = Broker("mq03");
        using var metrics = new MetricRecorder(options.Name);
        var sink = new RecordingSink();
        var source = await StartAsync(options, sink);
        await using (var publisher = await TestPublisher.ConnectAsync(_broker.Port))
        {
            for (var seq = 0; seq < 20; seq++)
            {
                await publisher.PublishAsync(Topic, TestPublisher.Telemetry(seq));
            }
        }
        await Wait.UntilAsync(() => sink.Points.Count == 100, Timeout, "first 20 messages");

        await _broker.StopAsync();
        await Wait.UntilAsync(() => !source.IsConnected, Timeout, "the source to notice");
        await _broker.StartProcessAsync();
        await Wait.UntilAsync(() => source.IsConnected && source.Connections == 2, Timeout, "the source to reconnect");
        await using (var publisher = await TestPublisher.ConnectAsync(_broker.Port))
        {
            for (var seq = 20; seq < 40; seq++)
            {
                await publisher.PublishAsync(Topic, TestPublisher.Telemetry(seq));
            }
        }

        // Distinct values: a message redelivered after the reconnect must not stand in for one still on its way.
        await Wait.UntilAsync(() => sink.Points.Where(p => p.Signal == "seq").Select(p => p.IntValue).Distinct().Count() >= 40, Timeout, "all 40 messages");
        var seqs = sink.Points.Where(p => p.Signal == "seq").Select(p => p.IntValue).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), seqs.Distinct().Order());
        Assert.True(metrics.Sum("iiot.gateway.mqtt.reconnects") >= 1);
        Assert.Equal(1, metrics.Sum("iiot.gateway.mqtt.connected"));
        Assert.DoesNotContain(_ledger.Entries, e => e.Reason == "session_lost");
    }

    [Fact]
    public async Task MQ_03_a_reconnect_without_a_session_is_recorded_as_a_possible_gap()
    {
        var options = Broker("lost");
        options.ReconnectMinDelay = TimeSpan.FromMilliseconds(500);
        var source = await StartAsync(options, new RecordingSink());

        // Another client takes the client id over with Clean Start and leaves: the broker forgets the session.
        using (var usurper = new MqttClientFactory().CreateMqttClient())
        {
            var clean = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _broker.Port).WithClientId(options.ClientId)
                .WithCleanStart(true).WithSessionExpiryInterval(0).Build();
            await usurper.ConnectAsync(clean, CancellationToken.None).WaitAsync(Timeout);
            await usurper.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).WaitAsync(Timeout);
        }

        await Wait.UntilAsync(() => source.Connections >= 2 && source.IsConnected, Timeout, "the source to reconnect");
        var entry = Assert.Single(_ledger.Entries);
        Assert.Equal(("mqtt:lost", "session_lost", 0ul), (entry.Source, entry.Reason, entry.Count));
    }

    private MqttBrokerOptions Broker(string name, MqttProtocol protocol = MqttProtocol.V500) => new()
    {
        Name = name,
        Host = "127.0.0.1",
        Port = _broker.Port,
        Protocol = protocol,
        ClientId = $"gw-{name}-{Guid.NewGuid():N}",
        KeepAlive = TimeSpan.FromSeconds(5),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        Subscriptions = [new MqttSubscriptionOptions { Topic = "factory/#", Qos = 1, Rule = "line-json" }],
    };

    private async Task<MqttSource> StartAsync(MqttBrokerOptions options, RecordingSink sink, Action<IMqttClient>? clientCreated = null)
    {
        var source = new MqttSource(options, MappingRules.Compile([MappingRulesTests.LineJson()]).ForBroker(options), sink, _ledger,
            _deadLetters, TimeProvider.System, NullLogger.Instance)
        {
            ClientCreated = clientCreated,
        };
        _running.Run(source);
        await Wait.UntilAsync(() => source.IsConnected, Timeout, "the source to connect and subscribe");
        return source;
    }

    private async Task StopAsync(MqttSource source)
    {
        await _running.StopLastAsync();
        Assert.False(source.IsConnected);
    }
}
