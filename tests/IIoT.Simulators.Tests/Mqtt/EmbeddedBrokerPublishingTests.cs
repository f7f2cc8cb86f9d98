using System.Collections.Concurrent;
using System.Text.Json;
using IIoT.Simulators.Mqtt;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.Simulators.Tests.Mqtt;

public sealed class EmbeddedBrokerPublishingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Subscriber_receives_exactly_ticks_times_machines_messages_in_sequence_order()
    {
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        await using var subscriber = await TestSubscriber.StartAsync(broker.Port);
        var options = TestOptions.Fast(broker.Port, machines: 10, ticks: 20);
        var simulator = new LineSimulator(options, NullLogger.Instance);
        var acknowledged = new ConcurrentQueue<SimulatedMessage>();
        simulator.MessageAcknowledged += acknowledged.Enqueue;

        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);
        await subscriber.BarrierAsync(broker.Port).WaitAsync(Timeout);

        Assert.Equal(200, simulator.AcknowledgedCount);
        DeliveryAssert.ExactlyOnceInOrder(subscriber.Telemetry, machines: 10, ticks: 20);
        // What went over the wire is exactly what the model generates for this seed, byte for byte.
        var expected = new List<SimulatedMessage>();
        var source = new TelemetryMessageSource(options, TimeProvider.System);
        for (var t = 0; t < 20; t++)
        {
            source.NextTick(expected);
        }
        Assert.Equal(expected.Select(m => (m.Topic, Convert.ToHexString(m.Payload))),
            acknowledged.Select(m => (m.Topic, Convert.ToHexString(m.Payload))));
        Assert.Equal(expected.Select(m => Convert.ToHexString(m.Payload)).Order(),
            subscriber.Telemetry.Select(m => Convert.ToHexString(m.Payload)).Order());
    }

    [Fact]
    public async Task Real_time_mode_stamps_each_tick_with_the_wall_clock()
    {
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        var options = TestOptions.Fast(broker.Port, machines: 2, ticks: 4);
        options.Fast = false;
        options.PublishInterval = TimeSpan.FromMilliseconds(50);
        var simulator = new LineSimulator(options, NullLogger.Instance);
        var acknowledged = new ConcurrentQueue<SimulatedMessage>();
        simulator.MessageAcknowledged += acknowledged.Enqueue;

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var stamps = acknowledged.Where(m => m.MachineIndex == 0)
            .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("ts").GetInt64()).ToList();
        Assert.Equal(4, stamps.Count);
        Assert.All(stamps, ts => Assert.InRange(ts, before, after));
        // A periodic timer: ticks are about one interval apart, never in a burst.
        Assert.True(stamps[^1] - stamps[0] >= 3 * 40, $"ticks at {string.Join(", ", stamps)}");
    }

    [Fact]
    public async Task Fast_mode_honours_the_message_rate_limit()
    {
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        var options = TestOptions.Fast(broker.Port, machines: 4, ticks: 50);
        options.MessagesPerSecond = 250;
        var simulator = new LineSimulator(options, NullLogger.Instance);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);

        // 200 messages at 250/s: the last tick may start after 0.78 s at the earliest.
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.7), $"took {started.Elapsed}");
        Assert.Equal(200, simulator.AcknowledgedCount);
    }

    [Fact]
    public async Task Truth_file_lists_every_acknowledged_message_as_topic_and_payload()
    {
        using var folder = new TempFolder("sim-truth");
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        var options = TestOptions.Fast(broker.Port, machines: 3, ticks: 10);
        options.TruthFile = folder.Combine("sub", "truth.jsonl");
        var simulator = new LineSimulator(options, NullLogger.Instance);
        var acknowledged = new ConcurrentQueue<SimulatedMessage>();
        simulator.MessageAcknowledged += acknowledged.Enqueue;

        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);

        var lines = await File.ReadAllLinesAsync(options.TruthFile);
        Assert.Equal(30, lines.Length);
        var fromFile = lines.Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return (doc.RootElement.GetProperty("topic").GetString(), doc.RootElement.GetProperty("payload").GetRawText());
        });
        Assert.Equal(acknowledged.Select(m => ((string?)m.Topic, System.Text.Encoding.UTF8.GetString(m.Payload))), fromFile);
    }

    [Fact]
    public async Task QoS_0_counts_a_message_as_sent_once_it_is_written()
    {
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        await using var subscriber = await TestSubscriber.StartAsync(broker.Port);
        var options = TestOptions.Fast(broker.Port, machines: 5, ticks: 10);
        options.Qos = 0;
        var simulator = new LineSimulator(options, NullLogger.Instance);

        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);
        await subscriber.BarrierAsync(broker.Port).WaitAsync(Timeout);

        Assert.Equal(50, simulator.AcknowledgedCount);
        // At most once: brokers may drop QoS 0 on the way to a subscriber (MQTTnet's does under a burst), but what
        // arrives is never duplicated and keeps each machine's order.
        var received = subscriber.Telemetry;
        Assert.NotEmpty(received);
        foreach (var machine in received.GroupBy(m => TelemetryJson.Machine(m.Topic)))
        {
            var seqs = machine.Select(m => TelemetryJson.Seq(m.Payload)).ToList();
            Assert.Equal(seqs.Order().Distinct(), seqs);
        }
    }

    [Fact]
    public async Task Cancellation_stops_an_endless_run()
    {
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        var options = TestOptions.Fast(broker.Port, machines: 2, ticks: 0);
        var simulator = new LineSimulator(options, NullLogger.Instance);
        using var cts = new CancellationTokenSource();

        var run = simulator.RunAsync(cts.Token);
        await Wait.UntilAsync(() => simulator.AcknowledgedCount > 100, Timeout, "some messages to be acknowledged");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Timeout));
    }
}
