using System.Globalization;

namespace IIoT.Simulators.Model;

/// <summary>
/// The rules of a scenario file beyond its JSON shape. Every failure names the field by its JSON path
/// (MachineTypes[1].Profile.IdealCycleTime), so a user can find it in the file; all failures are reported at once.
/// </summary>
internal static class ScenarioRules
{
    public const int MaxMachines = 100_000;

    public static List<string> Check(ScenarioFile file)
    {
        var failures = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok) failures.Add(message);
        }

        Require(file.MachineTypes.Count > 0, "MachineTypes must list at least one machine type.");
        if (file.TickInterval is { } tick)
        {
            Require(tick > TimeSpan.Zero && tick.Ticks % TimeSpan.TicksPerMillisecond == 0, $"TickInterval must be positive whole milliseconds (was {tick}).");
        }

        foreach (var (name, value) in new[] { ("Site", file.Site), ("Area", file.Area), ("Line", file.Line) })
        {
            Require(value is null || (value.Length > 0 && value.IndexOfAny(['/', '+', '#']) < 0),
                $"{name} must be non-empty and contain none of '/', '+', '#' (was '{value}').");
        }

        for (var i = 0; i < file.MachineTypes.Count; i++)
        {
            var type = file.MachineTypes[i];
            var at = $"MachineTypes[{i}]";
            Require(type.Count >= 1, $"{at}.Count must be positive (was {type.Count}).");
            Require(type.ExtraTags is >= 0 and <= 99_999, $"{at}.ExtraTags must be 0..99999 (was {type.ExtraTags}).");
            CheckProfile(type.Profile, $"{at}.Profile", Require);
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < type.ExtraSignals.Count; k++)
            {
                var signal = type.ExtraSignals[k];
                var sat = $"{at}.ExtraSignals[{k}]";
                Require(!string.IsNullOrWhiteSpace(signal.Name) && signal.Name.IndexOfAny(['/', '+', '#', '.', '"', '\\']) < 0,
                    $"{sat}.Name must be non-empty and contain none of '/', '+', '#', '.', '\"', '\\'.");
                Require(!SignalNames.IsFixed(signal.Name) && !SignalNames.IsTagName(signal.Name),
                    $"{sat}.Name '{signal.Name}' clashes with a fixed signal.");
                Require(names.Add(signal.Name), $"{sat}.Name '{signal.Name}' appears twice.");
                Require(SignalUnits.IsKnown(signal.Unit), $"{sat}.Unit: unknown unit '{signal.Unit}'; known: {string.Join(" ", SignalUnits.Names)}.");
                Require(signal.Max > signal.Min, $"{sat}.Max must be above Min (was {Text(signal.Min)}..{Text(signal.Max)}).");
                Require(signal.Period > TimeSpan.Zero, $"{sat}.Period must be positive.");
            }
        }

        var machines = file.MachineTypes.Sum(t => (long)Math.Max(t.Count, 0));
        Require(machines <= MaxMachines, $"MachineTypes: at most {MaxMachines} machines in all (was {machines}).");
        for (var i = 0; i < file.Faults.Count; i++)
        {
            var fault = file.Faults[i];
            var at = $"Faults[{i}]";
            Require(fault.At >= TimeSpan.Zero, $"{at}.At must not be negative.");
            Require(fault.Duration is null || fault.Duration > TimeSpan.Zero, $"{at}.Duration must be positive.");
            if (fault.Action is FaultAction.BadQuality or FaultAction.Freeze or FaultAction.Clear)
            {
                Require(!string.IsNullOrWhiteSpace(fault.Signal), $"{at}.Signal is required for {fault.Action}.");
            }
        }

        failures.AddRange(CheckPlannedStops(file.PlannedStops, "PlannedStops"));
        return failures;
    }

    /// <param name="prefix">How the list is named in messages: "PlannedStops" in a file, "Simulator:PlannedStops" as options.</param>
    public static IEnumerable<string> CheckPlannedStops(IReadOnlyList<PlannedStop> stops, string prefix)
    {
        for (var i = 0; i < stops.Count; i++)
        {
            var stop = stops[i];
            var at = prefix.Contains(':', StringComparison.Ordinal) ? $"{prefix}:{i}:" : $"{prefix}[{i}].";
            if (stop.Start < TimeSpan.Zero) yield return $"{at}Start must not be negative (was {stop.Start}).";
            if (stop.Duration <= TimeSpan.Zero) yield return $"{at}Duration must be positive (was {stop.Duration}).";
            if (stop.Every is { } every && every <= stop.Duration) yield return $"{at}Every must be longer than Duration (was {every}).";
        }
    }

    /// <summary>Values the model cannot run with (a zero cycle time would never advance time, for one).</summary>
    private static void CheckProfile(MachineProfile p, string at, Action<bool, string> require)
    {
        require(!string.IsNullOrWhiteSpace(p.Type), $"{at}.Type must be non-empty.");
        require(p.IdealCycleTime >= TimeSpan.FromMilliseconds(1), $"{at}.IdealCycleTime must be at least 1 ms (was {p.IdealCycleTime}).");
        require(p.MinSlowdown >= 1 && p.MinSlowdown <= p.MeanSlowdown && p.MeanSlowdown <= p.MaxSlowdown,
            $"{at}: MinSlowdown, MeanSlowdown, MaxSlowdown must satisfy 1 <= Min <= Mean <= Max (was {Text(p.MinSlowdown)}, {Text(p.MeanSlowdown)}, {Text(p.MaxSlowdown)}).");
        foreach (var (name, value) in new[]
        {
            ("MeanTimeBetweenFailures", p.MeanTimeBetweenFailures), ("MeanTimeToRepair", p.MeanTimeToRepair),
            ("MeanTimeBetweenStarvation", p.MeanTimeBetweenStarvation), ("ThermalTimeConstant", p.ThermalTimeConstant),
        })
        {
            require(value > TimeSpan.Zero, $"{at}.{name} must be positive (was {value}).");
        }

        require(p.MinSetupTime >= TimeSpan.Zero && p.MinSetupTime <= p.MaxSetupTime, $"{at}: MinSetupTime must be 0..MaxSetupTime.");
        require(p.MinStarvationTime >= TimeSpan.Zero && p.MinStarvationTime <= p.MaxStarvationTime, $"{at}: MinStarvationTime must be 0..MaxStarvationTime.");
        require(p.PartsPerSetup >= 1, $"{at}.PartsPerSetup must be positive (was {p.PartsPerSetup}).");
        require(p.RejectProbability is >= 0 and <= 1, $"{at}.RejectProbability must be 0..1 (was {Text(p.RejectProbability)}).");
        foreach (var (name, value) in new[]
        {
            ("SpindleSpeedRpm", p.SpindleSpeedRpm), ("RunningPowerKw", p.RunningPowerKw), ("IdlePowerKw", p.IdlePowerKw),
            ("SetupPowerKw", p.SetupPowerKw), ("FaultPowerKw", p.FaultPowerKw),
        })
        {
            require(value >= 0 && double.IsFinite(value), $"{at}.{name} must be 0 or positive (was {Text(value)}).");
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
