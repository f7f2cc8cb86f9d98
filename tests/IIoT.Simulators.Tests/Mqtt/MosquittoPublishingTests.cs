using System.Collections.Concurrent;
using IIoT.Simulators.Hosting;
using IIoT.Simulators.Mqtt;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.Simulators.Tests.Mqtt;

public sealed class MosquittoPublishingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(MqttProtocolNumber.V500, 1)]
    [InlineData(MqttProtocolNumber.V311, 1)]
    public async Task Subscriber_on_mosquitto_receives_exactly_ticks_times_machines_messages_in_order(MqttProtocolNumber protocol, int qos)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var subscriber = await TestSubscriber.StartAsync(broker.Port);
        var options = TestOptions.Fast(broker.Port, machines: 10, ticks: 30);
        options.Broker.Protocol = (MqttProtocol)(int)protocol;
        options.Qos = qos;
        var simulator = new LineSimulator(options, NullLogger.Instance);

        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);
        await subscriber.BarrierAsync(broker.Port).WaitAsync(Timeout);

        Assert.Equal(300, simulator.AcknowledgedCount);
        DeliveryAssert.ExactlyOnceInOrder(subscriber.Telemetry, machines: 10, ticks: 30);
    }

    [Fact]
    public async Task Broker_restart_in_the_middle_loses_no_message()
    {
        const int machines = 10;
        const long ticks = 300;
        await using var broker = await MosquittoBroker.StartAsync();
        await using var subscriber = await TestSubscriber.StartAsync(broker.Port);
        var options = TestOptions.Fast(broker.Port, machines, ticks);
        options.MessagesPerSecond = 1500;
        var logger = new ListLogger();
        using var metrics = new SimulatorMetrics();
        using var counters = new CounterRecorder(metrics.Meter);
        var simulator = new LineSimulator(options, logger, metrics: metrics);
        var acknowledged = new ConcurrentDictionary<(int, long), int>();
        simulator.MessageAcknowledged += m => acknowledged.AddOrUpdate((m.MachineIndex, m.Sequence), 1, (_, n) => n + 1);

        var run = simulator.RunAsync(CancellationToken.None);
        await Wait.UntilAsync(() => simulator.AcknowledgedCount >= 800, Timeout, "a third of the messages to be acknowledged");
        await broker.StopAsync();
        var acknowledgedWhileDown = simulator.AcknowledgedCount;
        await broker.StartProcessAsync();
        await subscriber.ReconnectAsync().WaitAsync(Timeout);
        await run.WaitAsync(Timeout);

        Assert.True(acknowledgedWhileDown < machines * ticks, "the restart came too late to test anything");
        Assert.True(logger.Count(4004) >= 1, "the publisher never saw the connection fail");
        Assert.True(logger.Count(4002) >= 2, "the publisher never reconnected");
        Assert.True(counters.Total("iiot.simulator.connects") >= 2);
        Assert.True(counters.Total("iiot.simulator.messages.resent") >= 1, "nothing was in flight when the broker stopped");
        Assert.Equal(machines * ticks, counters.Total("iiot.simulator.messages.acknowledged"));
        Assert.Equal(machines * ticks, counters.Total("iiot.simulator.messages.generated"));
        // Each message is reported once, however often it had to be sent.
        Assert.Equal(machines * ticks, simulator.AcknowledgedCount);
        Assert.All(acknowledged.Values, n => Assert.Equal(1, n));
        await subscriber.BarrierAsync(broker.Port).WaitAsync(Timeout);
        DeliveryAssert.NoneMissing(subscriber.Telemetry, machines, ticks);
    }

    [Fact]
    public async Task Publisher_waits_for_a_broker_that_is_not_up_yet()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await broker.StopAsync();
        var options = TestOptions.Fast(broker.Port, machines: 2, ticks: 5);
        var logger = new ListLogger();
        var simulator = new LineSimulator(options, logger);

        var run = simulator.RunAsync(CancellationToken.None);
        await Wait.UntilAsync(() => logger.Count(4003) >= 1, Timeout, "a failed connection attempt");
        await broker.StartProcessAsync();
        await run.WaitAsync(Timeout);

        Assert.Equal(10, simulator.AcknowledgedCount);
    }

    /// <summary>Public mirror of the internal protocol enum, for theory data.</summary>
    public enum MqttProtocolNumber
    {
        V311 = 4,
        V500 = 5,
    }
}
