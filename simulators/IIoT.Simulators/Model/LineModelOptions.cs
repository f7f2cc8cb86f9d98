namespace IIoT.Simulators.Model;

/// <summary>Everything that determines a line's history: same options, same history.</summary>
internal sealed record LineModelOptions
{
    public int Machines { get; init; } = 10;
    public int Seed { get; init; } = 1;
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);
    public LineScenario Scenario { get; init; } = ScenarioCatalog.Get(ScenarioCatalog.Default);

    /// <summary>Planned downtime of the whole line (breaks); none by default.</summary>
    public IReadOnlyList<PlannedStop> PlannedStops { get; init; } = [];
}
