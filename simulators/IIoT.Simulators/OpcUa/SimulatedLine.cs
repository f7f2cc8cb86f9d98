using IIoT.Simulators.Model;

namespace IIoT.Simulators.OpcUa;

/// <summary>Everything the OPC UA front end serves: the model, where it sits in the plant, per-machine extras and the fault schedule.</summary>
internal sealed record SimulatedLine
{
    public required LineModelOptions Model { get; init; }
    public required string Site { get; init; }
    public required string Area { get; init; }
    public required string Line { get; init; }

    /// <summary>One entry per machine (index = machine index).</summary>
    public required IReadOnlyList<MachineTypeSpec> MachineSpecs { get; init; }

    public IReadOnlyList<FaultStep> Faults { get; init; } = [];

    public string NamespaceUri => "urn:iiot:sim:" + Line;

    /// <summary>Variables that change every tick (the fixed signals, extra signals and extra tags of every machine).</summary>
    public long ChangingVariables => MachineSpecs.Sum(s => (long)MachineNodes.FixedSignalCount + s.ExtraSignals.Count + s.ExtraTags);
}
