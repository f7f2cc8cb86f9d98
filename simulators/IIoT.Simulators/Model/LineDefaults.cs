namespace IIoT.Simulators.Model;

/// <summary>
/// The line settings from the command line; a scenario file overrides Site/Area/Line/Seed/TickInterval when it sets
/// them, and its machine types replace Machines.
/// </summary>
internal sealed record LineDefaults
{
    public int Machines { get; init; } = 10;
    public int Seed { get; init; } = 1;
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);
    public string Site { get; init; } = "plant1";
    public string Area { get; init; } = "assembly";
    public string Line { get; init; } = "line1";
}
