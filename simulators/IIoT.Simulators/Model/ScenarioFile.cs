namespace IIoT.Simulators.Model;

/// <summary>
/// A scenario file (JSON, see Scenarios/*.json): the line's machine types with counts, tick rate, seed and faults.
/// Site/Area/Line/Seed/TickInterval override the command-line options when present.
/// </summary>
internal sealed record ScenarioFile
{
    public string Name { get; init; } = "file";
    public string? Site { get; init; }
    public string? Area { get; init; }
    public string? Line { get; init; }
    public int? Seed { get; init; }
    public TimeSpan? TickInterval { get; init; }
    public IReadOnlyList<MachineTypeSpec> MachineTypes { get; init; } = [];
    public IReadOnlyList<FaultStep> Faults { get; init; } = [];
}
