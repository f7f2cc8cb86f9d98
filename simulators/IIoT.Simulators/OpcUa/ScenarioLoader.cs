using System.Text.Json;
using System.Text.Json.Serialization;
using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.OpcUa;

/// <summary>Builds the <see cref="SimulatedLine"/> from the options: a built-in scenario by name, or a JSON scenario file.</summary>
internal static class ScenarioLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A scenario option naming a file rather than a built-in scenario.</summary>
    public static bool IsFile(string? scenario) => scenario is not null && scenario.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static ScenarioFile ReadFile(string path)
    {
        var full = Path.IsPathRooted(path) || File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        using var stream = File.OpenRead(full);
        var file = JsonSerializer.Deserialize<ScenarioFile>(stream, Json) ?? throw new InvalidDataException($"{path}: empty scenario file.");
        var failures = Check(file);
        return failures.Count == 0 ? file : throw new InvalidDataException($"{path}: {string.Join(" ", failures)}");
    }

    public static List<string> Check(ScenarioFile file)
    {
        var failures = new List<string>();
        if (file.MachineTypes.Count == 0) failures.Add("MachineTypes must list at least one machine type.");
        if (file.TickInterval is { } tick && (tick <= TimeSpan.Zero || tick.Ticks % TimeSpan.TicksPerMillisecond != 0))
        {
            failures.Add("TickInterval must be positive whole milliseconds.");
        }

        foreach (var type in file.MachineTypes)
        {
            if (type.Count < 1) failures.Add($"{type.Profile.Type}: Count must be positive.");
            if (type.ExtraTags < 0) failures.Add($"{type.Profile.Type}: ExtraTags must be 0 or positive.");
            foreach (var signal in type.ExtraSignals)
            {
                if (!EngineeringUnits.IsKnown(signal.Unit)) failures.Add($"{type.Profile.Type}.{signal.Name}: unknown unit '{signal.Unit}'.");
                if (!(signal.Max > signal.Min)) failures.Add($"{type.Profile.Type}.{signal.Name}: Max must be above Min.");
                if (MachineNodes.IsFixedSignal(signal.Name)) failures.Add($"{type.Profile.Type}.{signal.Name}: clashes with a fixed signal.");
            }
        }

        var machines = file.MachineTypes.Sum(t => (long)Math.Max(t.Count, 0));
        if (machines > 100_000) failures.Add("At most 100000 machines.");
        return failures;
    }

    public static SimulatedLine Load(SimulatorOptions options)
    {
        var extraTags = options.OpcUa.ExtraTagsPerMachine;
        if (!IsFile(options.Scenario))
        {
            var scenario = ScenarioCatalog.Get(options.Scenario);
            return new SimulatedLine
            {
                Model = new LineModelOptions { Machines = options.Machines, Seed = options.Seed, TickInterval = options.PublishInterval, Scenario = scenario },
                Site = options.Site,
                Area = options.Area,
                Line = options.Line,
                MachineSpecs = [.. Enumerable.Range(0, options.Machines).Select(i => new MachineTypeSpec { Profile = scenario.ProfileFor(i), ExtraTags = extraTags })],
            };
        }

        var file = ReadFile(options.Scenario);
        // Machines are laid out type by type; the model gets one profile per machine so ProfileFor(i) is exact.
        var specs = file.MachineTypes.SelectMany(t => Enumerable.Repeat(t with { ExtraTags = t.ExtraTags + extraTags }, t.Count)).ToArray();
        return new SimulatedLine
        {
            Model = new LineModelOptions
            {
                Machines = specs.Length,
                Seed = file.Seed ?? options.Seed,
                TickInterval = file.TickInterval ?? options.PublishInterval,
                Scenario = new LineScenario(file.Name, [.. specs.Select(s => s.Profile)]),
            },
            Site = file.Site ?? options.Site,
            Area = file.Area ?? options.Area,
            Line = file.Line ?? options.Line,
            MachineSpecs = specs,
            Faults = file.Faults,
        };
    }
}
