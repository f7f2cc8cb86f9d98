using IIoT.Simulators.Model;

namespace IIoT.Simulators.Hosting;

internal static class SimulatorOptionsExtensions
{
    public static LineDefaults LineDefaults(this SimulatorOptions o) => new()
    {
        Machines = o.Machines,
        Seed = o.Seed,
        TickInterval = o.PublishInterval,
        Site = o.Site,
        Area = o.Area,
        Line = o.Line,
    };

    /// <summary>The line the options describe, for either front end (OpcUa:ExtraTagsPerMachine applies to OPC UA only).</summary>
    public static SimulatedLine ResolveLine(this SimulatorOptions o)
    {
        var line = ScenarioLoader.Load(o.Scenario, o.LineDefaults(), o.OpcUa.Enabled ? o.OpcUa.ExtraTagsPerMachine : 0);
        return o.PlannedStops.Count == 0
            ? line
            : line with { Model = line.Model with { PlannedStops = [.. line.Model.PlannedStops, .. o.PlannedStops] } };
    }
}
