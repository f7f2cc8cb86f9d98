using IIoT.Simulators.Model;
using Microsoft.Extensions.Options;

namespace IIoT.Simulators.Hosting;

/// <summary>Checks every rule and reports all failures at once.</summary>
internal sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Check(SimulatorOptions o)
    {
        var failures = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Require(o.Machines is >= 1 and <= 10_000, "Simulator:Machines must be 1..10000.");
        var machines = o.Machines;
        ScenarioFile? file = null;
        if (ScenarioLoader.IsFile(o.Scenario))
        {
            // A scenario file sets the machines (and may set site, line, seed and tick); both front ends run it.
            file = CheckScenarioFile(o.Scenario, failures);
            machines = file?.MachineTypes.Sum(t => t.Count) ?? machines;
        }
        else
        {
            Require(ScenarioCatalog.TryGet(o.Scenario ?? "", out _),
                $"Simulator:Scenario '{o.Scenario}' is unknown; known: {string.Join(", ", ScenarioCatalog.Names)} (or a .json scenario file).");
        }
        failures.AddRange(ScenarioRules.CheckPlannedStops(o.PlannedStops, "Simulator:PlannedStops"));
        Require(o.PublishInterval > TimeSpan.Zero && o.PublishInterval <= TimeSpan.FromHours(1),
            "Simulator:PublishInterval must be positive and at most 1 hour.");
        Require(o.PublishInterval.Ticks % TimeSpan.TicksPerMillisecond == 0,
            "Simulator:PublishInterval must be whole milliseconds (timestamps are unix milliseconds).");
        Require(o.Ticks >= 0, "Simulator:Ticks must be 0 (forever) or positive.");
        Require(o.MessagesPerSecond >= 0 && double.IsFinite(o.MessagesPerSecond), "Simulator:MessagesPerSecond must be 0 (unlimited) or positive.");
        Require(o.MessagesPerSecond == 0 || o.Fast, "Simulator:MessagesPerSecond applies to fast mode only; set Simulator:Fast=true.");
        Require(o.Qos is 0 or 1, "Simulator:Qos must be 0 or 1.");
        Require(o.MaxInFlight is >= 1 and <= 65_535, "Simulator:MaxInFlight must be 1..65535 (MQTT packet identifiers).");
        Require(o.QueueCapacity >= 1, "Simulator:QueueCapacity must be positive.");
        foreach (var (key, value) in new[] { ("TopicPrefix", o.TopicPrefix), ("Site", o.Site), ("Area", o.Area), ("Line", o.Line) })
        {
            Require(!string.IsNullOrWhiteSpace(value) && value.IndexOfAny(['/', '+', '#']) < 0,
                $"Simulator:{key} must be non-empty and contain none of '/', '+', '#'.");
        }
        if (o.OpcUa.Enabled)
        {
            Require(o.OpcUa.Port is >= 0 and <= 65_535, "Simulator:OpcUa:Port must be 0..65535.");
            Require(!o.OpcUa.EndpointPerMachine || o.OpcUa.Port == 0 || o.OpcUa.Port + machines - 1 <= 65_535,
                "Simulator:OpcUa:Port + Machines - 1 must be at most 65535 with EndpointPerMachine.");
            Require(o.OpcUa.ExtraTagsPerMachine is >= 0 and <= 1_000_000, "Simulator:OpcUa:ExtraTagsPerMachine must be 0..1000000.");
            Require(string.IsNullOrEmpty(o.OpcUa.BindAddress) || System.Net.IPAddress.TryParse(o.OpcUa.BindAddress, out _),
                "Simulator:OpcUa:BindAddress must be an IP address.");
            Require(o.OpcUa.AllowAnonymous || o.OpcUa.Users.Count > 0, "Simulator:OpcUa: with AllowAnonymous=false at least one user is needed.");
            try
            {
                _ = string.IsNullOrWhiteSpace(o.OpcUa.Faults) ? [] : o.OpcUa.Faults.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(OpcUa.FaultCommandParser.Parse).ToArray();
            }
            catch (FormatException e)
            {
                failures.Add($"Simulator:OpcUa:Faults: {e.Message}");
            }

            // Status names are OPC UA's (StatusCodes); the shared scenario rules cannot know them.
            for (var i = 0; i < (file?.Faults.Count ?? 0); i++)
            {
                try
                {
                    if (file!.Faults[i].Status is { } status) OpcUa.FaultCommandParser.ParseStatus(status);
                }
                catch (FormatException e)
                {
                    failures.Add($"Simulator:Scenario: Faults[{i}].Status: {e.Message}");
                }
            }

            return failures; // The MQTT settings do not apply.
        }

        if (o.EmbeddedBroker.Enabled)
        {
            Require(o.EmbeddedBroker.Port is >= 1 and <= 65_535, "Simulator:EmbeddedBroker:Port must be 1..65535.");
        }
        else
        {
            Require(!string.IsNullOrWhiteSpace(o.Broker.Host), "Simulator:Broker:Host is required without the embedded broker.");
            Require(o.Broker.Port is >= 1 and <= 65_535, "Simulator:Broker:Port must be 1..65535.");
        }
        Require(Enum.IsDefined(o.Broker.Protocol), "Simulator:Broker:Protocol must be V311 or V500.");
        Require(o.Broker.Password is null || o.Broker.UserName is not null, "Simulator:Broker:Password needs a UserName.");
        Require(o.Broker.Timeout > TimeSpan.Zero, "Simulator:Broker:Timeout must be positive.");
        Require(o.Broker.KeepAlive >= TimeSpan.Zero && o.Broker.KeepAlive <= TimeSpan.FromSeconds(65_535),
            "Simulator:Broker:KeepAlive must be 0..65535 s.");
        return failures;
    }

    /// <summary>Reads the file; returns it, or null after adding what is wrong with it.</summary>
    private static ScenarioFile? CheckScenarioFile(string path, List<string> failures)
    {
        try
        {
            return ScenarioLoader.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            failures.Add($"Simulator:Scenario: {e.Message}");
            return null;
        }
    }
}
