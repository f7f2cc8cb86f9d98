namespace IIoT.Simulators.Hosting;

/// <summary>Options of the simulator app, bound from the "Simulator" section (command line, appsettings, env).</summary>
internal sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    public int Machines { get; set; } = 10;
    public int Seed { get; set; } = 1;
    public string Scenario { get; set; } = Model.ScenarioCatalog.Default;

    /// <summary>
    /// Planned downtime of the line (breaks), added to a scenario file's PlannedStops:
    /// Simulator:PlannedStops:0:Start=02:00:00, :Duration=00:30:00, :Every=08:00:00 (optional), :Name.
    /// </summary>
    public List<Model.PlannedStop> PlannedStops { get; set; } = [];

    /// <summary>Model tick length, and the publish period in real-time mode.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Stop after this many ticks (each one message per machine); 0 runs until stopped.</summary>
    public long Ticks { get; set; }

    /// <summary>Publish ticks as fast as the broker accepts (load tests); implies the virtual clock.</summary>
    public bool Fast { get; set; }

    /// <summary>Rate limit in fast mode; 0 = as fast as possible.</summary>
    public double MessagesPerSecond { get; set; }

    /// <summary>Timestamps from a virtual clock (StartTime + tick x interval) rather than the wall clock.</summary>
    public bool VirtualClock { get; set; }

    public DateTimeOffset StartTime { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string TopicPrefix { get; set; } = "factory";
    public string Site { get; set; } = "plant1";
    public string Area { get; set; } = "assembly";
    public string Line { get; set; } = "line1";

    /// <summary>MQTT QoS: 0 or 1 (1 is the default: a message counts as sent once the broker acknowledged it).</summary>
    public int Qos { get; set; } = 1;

    /// <summary>Publishes sent but not yet acknowledged, at most.</summary>
    public int MaxInFlight { get; set; } = 100;

    /// <summary>Messages generated but not yet sent, at most (the model waits when full).</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>JSONL of every acknowledged message ({"topic":..,"payload":{..}}), for end-to-end checkers.</summary>
    public string? TruthFile { get; set; }

    public BrokerOptions Broker { get; set; } = new();

    public EmbeddedBrokerOptions EmbeddedBroker { get; set; } = new();

    /// <summary>Serve the line over OPC UA instead of publishing over MQTT (Enabled=true).</summary>
    public OpcUaSimulatorOptions OpcUa { get; set; } = new();

    public bool UsesVirtualClock => Fast || VirtualClock;
}
