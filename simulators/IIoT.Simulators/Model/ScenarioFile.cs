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

    /// <summary>Planned downtime of the whole line (breaks, shift changes): state planned_stop, not an OEE availability loss.</summary>
    public IReadOnlyList<PlannedStop> PlannedStops { get; init; } = [];
}
