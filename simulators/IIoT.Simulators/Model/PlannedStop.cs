namespace IIoT.Simulators.Model;

/// <summary>
/// Planned downtime of the whole line (a break, a shift change, planned maintenance): from Start after the line starts,
/// for Duration, again Every period when set. Machines show state planned_stop meanwhile; OEE counts it as planned,
/// not as an availability loss.
/// </summary>
internal sealed record PlannedStop
{
    public TimeSpan Start { get; init; }
    public required TimeSpan Duration { get; init; }

    /// <summary>Repeat period (e.g. 08:00:00 for one break per shift); null = once.</summary>
    public TimeSpan? Every { get; init; }

    public string? Name { get; init; }
}
