using System.Text.Json;
using System.Text.Json.Serialization;

namespace IIoT.Simulators.Model;

/// <summary>
/// Builds the <see cref="SimulatedLine"/> both front ends (MQTT and OPC UA) run: a built-in scenario by name, or a
/// JSON scenario file. Same scenario and seed, same machines and history, whichever transport serves it.
/// </summary>
internal static class ScenarioLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt field would otherwise be ignored silently and its default used.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A scenario option naming a file rather than a built-in scenario.</summary>
    public static bool IsFile(string? scenario) => scenario is not null && scenario.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads and checks a scenario file; relative paths are tried from the working folder, then beside the program.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or breaks a rule; the message names the file and every bad field.</exception>
    public static ScenarioFile ReadFile(string path)
    {
        var full = Path.IsPathRooted(path) || File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        ScenarioFile? file;
        try
        {
            using var stream = File.OpenRead(full);
            file = JsonSerializer.Deserialize<ScenarioFile>(stream, Json);
        }
        catch (JsonException e)
        {
            // Most serializer messages carry the JSON path ($.MachineTypes[0].Count); some (unknown or missing
            // properties) do not, and get it added.
            var where = e.Path is { } at && !e.Message.Contains(at, StringComparison.Ordinal) ? $" Path: {at} | LineNumber: {e.LineNumber}." : "";
            throw new InvalidDataException($"{path}: {e.Message}{where}", e);
        }

        if (file is null) throw new InvalidDataException($"{path}: empty scenario file.");
        var failures = ScenarioRules.Check(file);
        return failures.Count == 0 ? file : throw new InvalidDataException($"{path}: {string.Join(" ", failures)}");
    }

    /// <param name="scenario">A built-in scenario name (see <see cref="ScenarioCatalog"/>) or a path ending in .json.</param>
    /// <param name="defaults">Command-line settings; a file's own Site/Area/Line/Seed/TickInterval win.</param>
    /// <param name="extraTagsPerMachine">Generic tags added to every machine on top of the file's ExtraTags.</param>
    public static SimulatedLine Load(string scenario, LineDefaults defaults, int extraTagsPerMachine = 0)
    {
        if (!IsFile(scenario))
        {
            var named = ScenarioCatalog.Get(scenario);
            return new SimulatedLine
            {
                Model = new LineModelOptions { Machines = defaults.Machines, Seed = defaults.Seed, TickInterval = defaults.TickInterval, Scenario = named },
                Site = defaults.Site,
                Area = defaults.Area,
                Line = defaults.Line,
                MachineSpecs = [.. Enumerable.Range(0, defaults.Machines).Select(i => new MachineTypeSpec { Profile = named.ProfileFor(i), ExtraTags = extraTagsPerMachine })],
            };
        }

        var file = ReadFile(scenario);
        // Machines are laid out type by type; the model gets one profile per machine so ProfileFor(i) is exact.
        var specs = file.MachineTypes.SelectMany(t => Enumerable.Repeat(t with { ExtraTags = t.ExtraTags + extraTagsPerMachine }, t.Count)).ToArray();
        return new SimulatedLine
        {
            Model = new LineModelOptions
            {
                Machines = specs.Length,
                Seed = file.Seed ?? defaults.Seed,
                TickInterval = file.TickInterval ?? defaults.TickInterval,
                Scenario = new LineScenario(file.Name, [.. specs.Select(s => s.Profile)]),
                PlannedStops = file.PlannedStops,
            },
            Site = file.Site ?? defaults.Site,
            Area = file.Area ?? defaults.Area,
            Line = file.Line ?? defaults.Line,
            MachineSpecs = specs,
            Faults = file.Faults,
        };
    }
}
