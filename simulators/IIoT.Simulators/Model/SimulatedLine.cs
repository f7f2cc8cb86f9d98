namespace IIoT.Simulators.Model;

/// <summary>
/// A resolved scenario, what both front ends (MQTT and OPC UA) serve: the model, where it sits in the plant, per-machine
/// extras and the fault schedule.
/// </summary>
internal sealed record SimulatedLine
{
    public required LineModelOptions Model { get; init; }
    public required string Site { get; init; }
    public required string Area { get; init; }
    public required string Line { get; init; }

    /// <summary>One entry per machine (index = machine index).</summary>
    public required IReadOnlyList<MachineTypeSpec> MachineSpecs { get; init; }

    public IReadOnlyList<FaultStep> Faults { get; init; } = [];

    /// <summary>The OPC UA namespace of the line's nodes.</summary>
    public string NamespaceUri => "urn:iiot:sim:" + Line;

    /// <summary>OPC UA variables that change every tick (the fixed signals, extra signals and extra tags of every machine).</summary>
    public long ChangingVariables => MachineSpecs.Sum(s => (long)SignalNames.OpcUaFixed.Count + s.ExtraSignals.Count + s.ExtraTags);

    /// <summary>Values in one tick's MQTT messages (JSON fields other than ts, extra signals and tags of every machine).</summary>
    public long ValuesPerTick => MachineSpecs.Sum(s => (long)SignalNames.JsonFixed.Count - 1 + s.ExtraSignals.Count + s.ExtraTags);
}
