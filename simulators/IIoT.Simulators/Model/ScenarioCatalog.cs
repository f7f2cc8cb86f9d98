namespace IIoT.Simulators.Model;

/// <summary>The scenarios the simulator knows by name.</summary>
internal static class ScenarioCatalog
{
    public const string Default = "default";

    /// <summary>Faults every few minutes: exercises fault handling downstream without waiting for hours.</summary>
    public const string Unreliable = "unreliable";

    public static IReadOnlyList<string> Names { get; } = [Default, Unreliable];

    public static bool TryGet(string name, out LineScenario scenario)
    {
        switch (name.ToLowerInvariant())
        {
            case Default:
                scenario = new LineScenario(Default, DefaultTypes);
                return true;
            case Unreliable:
                scenario = new LineScenario(Unreliable, [.. DefaultTypes.Select(t => t with
                {
                    MeanTimeBetweenFailures = TimeSpan.FromMinutes(5),
                    MeanTimeToRepair = TimeSpan.FromMinutes(1),
                })]);
                return true;
            default:
                scenario = null!;
                return false;
        }
    }

    public static LineScenario Get(string name) =>
        TryGet(name, out var scenario) ? scenario : throw new ArgumentException($"Unknown scenario '{name}'.", nameof(name));

    // Machine types of an assembly line: each has its own ideal cycle time and energy/thermal profile.
    private static readonly MachineProfile[] DefaultTypes =
    [
        new() { Type = "cnc-mill", IdealCycleTime = TimeSpan.FromSeconds(12), SpindleSpeedRpm = 8000, RunningPowerKw = 7.5 },
        new() { Type = "lathe", IdealCycleTime = TimeSpan.FromSeconds(10), SpindleSpeedRpm = 3200, RunningPowerKw = 5.5,
            RunningTemperatureC = 55, RejectProbability = 0.015 },
        new() { Type = "press", IdealCycleTime = TimeSpan.FromSeconds(8), SpindleSpeedRpm = 1200 /* flywheel drive */, RunningPowerKw = 11,
            RunningTemperatureC = 48, RejectProbability = 0.01, PartsPerSetup = 800 },
        new() { Type = "grinder", IdealCycleTime = TimeSpan.FromSeconds(15), SpindleSpeedRpm = 12000, RunningPowerKw = 4.2,
            RunningTemperatureC = 66, RejectProbability = 0.03, PartsPerSetup = 400 },
        new() { Type = "assembly-cell", IdealCycleTime = TimeSpan.FromSeconds(12), SpindleSpeedRpm = 1500, RunningPowerKw = 3.1,
            RunningTemperatureC = 41, RejectProbability = 0.012 },
    ];
}
