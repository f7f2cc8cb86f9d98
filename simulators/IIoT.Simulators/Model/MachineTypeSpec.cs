using IIoT.Simulators.Model;

namespace IIoT.Simulators.Model;

/// <summary>One entry of a scenario file's "MachineTypes": Count machines of this profile (the model's behaviour), their own extra signals and, for load tests, ExtraTags generic changing Double tags each.</summary>
internal sealed record MachineTypeSpec
{
    public int Count { get; init; } = 1;
    public required MachineProfile Profile { get; init; }
    public IReadOnlyList<ExtraSignalSpec> ExtraSignals { get; init; } = [];
    public int ExtraTags { get; init; }
}
