using System.Collections.Concurrent;
using System.Text.Json;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;
using IIoT.Simulators.Mqtt;
using IIoT.Simulators.Tests.Mqtt;
using IIoT.Simulators.Tests.OpcUa;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.Simulators.Tests.Scenarios;

/// <summary>One scenario file drives both front ends: the MQTT simulator against a real broker, checked against the OPC UA side.</summary>
public sealed class MqttScenarioTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static SimulatorOptions ScenarioOptions(int port, string scenario, long ticks)
    {
        var options = TestOptions.Fast(port, ticks: ticks);
        options.Scenario = scenario;
        return options;
    }

    [Fact]
    public async Task A_scenario_file_drives_the_MQTT_simulator_on_mosquitto_with_its_machines_topics_and_extra_signals()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var subscriber = await TestSubscriber.StartAsync(broker.Port);
        // Options that the file overrides (machines, site, line, seed) are set to something else on purpose.
        var options = ScenarioOptions(broker.Port, "Scenarios/mixed-line.json", ticks: 5);
        options.Machines = 2;
        options.Site = "elsewhere";
        options.Seed = 99;
        var simulator = new LineSimulator(options, NullLogger.Instance);

        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);
        await subscriber.BarrierAsync(broker.Port).WaitAsync(Timeout);

        Assert.Equal(7, simulator.Line.Model.Seed);
        DeliveryAssert.ExactlyOnceInOrder(subscriber.Telemetry, machines: 10, ticks: 5);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"factory/plant1/assembly/line1/m{i:D2}/telemetry"),
            subscriber.Telemetry.Select(m => m.Topic).Distinct().Order());
        var last = Payloads(subscriber.Telemetry, "m04").Last();
        // An injection moulding machine (4th machine: 3 CNC first): its own signals, inside their ranges, after the fixed fields.
        Assert.Equal([.. SignalNames.JsonFixed, "mould_temperature", "injection_pressure"], last.EnumerateObject().Select(p => p.Name));
        Assert.InRange(last.GetProperty("mould_temperature").GetDouble(), 20, 120);
        Assert.InRange(last.GetProperty("injection_pressure").GetDouble(), 0, 2000);
        Assert.Equal(25.0, last.GetProperty("ideal_cycle_time_s").GetDouble());
        var loom = Payloads(subscriber.Telemetry, "m10").Last();
        Assert.Equal(["picks_per_minute", "warp_tension"], loom.EnumerateObject().Skip(SignalNames.JsonFixed.Count).Select(p => p.Name));
    }

    [Fact]
    public async Task The_same_scenario_gives_the_same_values_over_MQTT_as_over_OPC_UA()
    {
        const int ticks = 4;
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        var options = ScenarioOptions(broker.Port, "Scenarios/mixed-line.json", ticks);
        var simulator = new LineSimulator(options, NullLogger.Instance);
        var acknowledged = new ConcurrentQueue<SimulatedMessage>();
        simulator.MessageAcknowledged += acknowledged.Enqueue;
        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);

        var opcLine = new SimulatorOptions { Scenario = "Scenarios/mixed-line.json", OpcUa = new OpcUaSimulatorOptions { Enabled = true } }.ResolveLine();
        static object Shape(SimulatedLine l) => (l.Model.Machines, l.Model.Seed, l.Model.TickInterval, l.Site, l.Area, l.Line);
        Assert.Equal(Shape(simulator.Line), Shape(opcLine));
        Assert.Equal(simulator.Line.MachineSpecs.Select(s => s.Profile), opcLine.MachineSpecs.Select(s => s.Profile));
        await using var sim = await SimLine.StartAsync(opcLine); // takes the first tick
        for (var t = 1; t < ticks; t++)
        {
            await sim.Host.StepAsync();
        }

        foreach (var machine in new[] { "m01", "m04", "m06", "m10" })
        {
            var message = acknowledged.Single(m => m.Topic.Contains($"/{machine}/", StringComparison.Ordinal) && m.Sequence == ticks);
            using var json = JsonDocument.Parse(message.Payload);
            var payload = json.RootElement;
            var pairs = new List<(string Field, string Variable)>
            {
                ("seq", "sequence"), ("state", "state"), ("parts_total", "parts_total"), ("parts_good", "parts_good"), ("parts_reject", "parts_reject"),
                ("ideal_cycle_time_s", "ideal_cycle_time"), ("actual_cycle_time_s", "actual_cycle_time"), ("temperature_c", "temperature"),
                ("spindle_speed_rpm", "spindle_speed"), ("power_kw", "power"),
            };
            pairs.AddRange(payload.EnumerateObject().Skip(SignalNames.JsonFixed.Count).Select(p => (p.Name, p.Name)));
            foreach (var (field, variable) in pairs)
            {
                var value = (await sim.Session.ReadAsync(sim.Id(machine, variable))).Value.Value;
                var expected = payload.GetProperty(field);
                if (expected.ValueKind == JsonValueKind.String)
                {
                    Assert.Equal(expected.GetString(), value);
                }
                else
                {
                    Assert.True(expected.GetDouble() == Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
                        $"{machine}.{field}: MQTT {expected.GetRawText()}, OPC UA {value}");
                }
            }
        }
    }

    [Fact]
    public async Task Scale_mode_over_MQTT_batches_each_machines_signals_into_one_message_per_tick()
    {
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        var options = ScenarioOptions(broker.Port, "Scenarios/scale-100k.json", ticks: 2);
        options.MaxInFlight = 1000;
        var simulator = new LineSimulator(options, NullLogger.Instance);
        var acknowledged = new ConcurrentQueue<SimulatedMessage>();
        simulator.MessageAcknowledged += acknowledged.Enqueue;

        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.True(simulator.Line.ValuesPerTick >= 100_000, $"{simulator.Line.ValuesPerTick} values per tick");
        Assert.Equal(2000, acknowledged.Count);
        var m777 = acknowledged.Single(m => m.Topic == "factory/plant1/scale/scale1/m777/telemetry" && m.Sequence == 2);
        using var json = JsonDocument.Parse(m777.Payload);
        var fields = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(SignalNames.JsonFixed.Count + 1 + 90, fields.Count); // m777 is a textile loom: picks_per_minute and 90 tags
        Assert.Equal("tag00089", fields[^1]);
        // Tag values: tick + tag/100000, a new value every tick.
        Assert.Equal(1.00089, json.RootElement.GetProperty("tag00089").GetDouble(), 9);
    }

    [Fact]
    public async Task Scenario_faults_over_MQTT_drop_the_connection_without_loss_and_freeze_a_field()
    {
        using var folder = new TempFolder("sim-mqtt-faults");
        var path = folder.Combine("faults.json");
        File.WriteAllText(path, """
            // Tick 1 s; the freeze holds m01's temperature from seq 3 through seq 5, the drop comes at tick 10.
            { "Seed": 4, "TickInterval": "00:00:01", "MachineTypes": [ { "Count": 2, "Profile": { "Type": "cnc" } } ],
              "Faults": [
                { "At": "00:00:02", "Action": "Freeze", "Machine": "m01", "Signal": "temperature", "Duration": "00:00:03" },
                { "At": "00:00:10", "Action": "DropConnections" },
                { "At": "00:00:12", "Action": "BadQuality", "Machine": "m02", "Signal": "power" } ] }
            """);
        await using var broker = await EmbeddedBroker.StartAsync(0, loopbackOnly: true);
        await using var subscriber = await TestSubscriber.StartAsync(broker.Port);
        var logger = new ListLogger();
        var options = ScenarioOptions(broker.Port, path, ticks: 40);
        var simulator = new LineSimulator(options, logger);

        await simulator.RunAsync(CancellationToken.None).WaitAsync(Timeout);
        await subscriber.BarrierAsync(broker.Port).WaitAsync(Timeout);

        Assert.True(logger.Count(4002) >= 2, "the publisher never reconnected after the injected drop");
        Assert.True(logger.Count(4004) >= 1, "the drop was not seen as a connection failure");
        Assert.Equal(1, logger.Count(4009)); // BadQuality: no quality field in the JSON payload
        Assert.Equal(80, simulator.AcknowledgedCount);
        DeliveryAssert.NoneMissing(subscriber.Telemetry, machines: 2, ticks: 40);

        var temperatures = Payloads(subscriber.Telemetry, "m01").DistinctBy(p => p.GetProperty("seq").GetInt64())
            .ToDictionary(p => p.GetProperty("seq").GetInt64(), p => p.GetProperty("temperature_c").GetDouble());
        Assert.Equal(temperatures[3], temperatures[4]);
        Assert.Equal(temperatures[3], temperatures[5]);
        // Without the freeze the temperature moves every tick (first-order lag plus noise).
        var reference = new List<SimulatedMessage>();
        var source = new TelemetryMessageSource(new SimulatorOptions { Scenario = path, Fast = true }, TimeProvider.System);
        for (var t = 0; t < 6; t++) source.NextTick(reference);
        var free = reference.Where(m => m.MachineIndex == 0).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("temperature_c").GetDouble()).ToList();
        Assert.NotEqual(free[2], free[3]);
        Assert.Equal(free[2], temperatures[3]);
        Assert.Equal(free[5], temperatures[6]);
    }

    private static List<JsonElement> Payloads(IEnumerable<(string Topic, byte[] Payload)> messages, string machine) =>
        [.. messages.Where(m => TelemetryJson.Machine(m.Topic) == machine).Select(m => JsonDocument.Parse(m.Payload).RootElement)];
}
