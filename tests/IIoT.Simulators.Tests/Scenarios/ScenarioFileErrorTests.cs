using IIoT.Simulators.Hosting;
using IIoT.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Simulators.Tests.Scenarios;

/// <summary>A broken scenario file stops the start (MQTT or OPC UA) with a message naming the file and the field.</summary>
public sealed class ScenarioFileErrorTests : IDisposable
{
    private readonly TempFolder _folder = new("sim-scenario-errors");

    public void Dispose() => _folder.Dispose();

    private async Task<string> StartFailureAsync(string json, params string[] args)
    {
        var path = _folder.Combine("scenario.json");
        await File.WriteAllTextAsync(path, json);
        var builder = Host.CreateApplicationBuilder([$"--Simulator:Scenario={path}", $"--Simulator:EmbeddedBroker:Port={FreePort.Next()}", .. args]);
        builder.Logging.ClearProviders();
        builder.AddSimulator();
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith($"Simulator:Scenario: {path}: ", failure, StringComparison.Ordinal);
        return failure;
    }

    [Fact]
    public async Task Values_the_model_cannot_run_are_named_by_their_JSON_path()
    {
        var failure = await StartFailureAsync("""
            { "MachineTypes": [ { "Count": 2, "Profile": { "Type": "cnc" } },
                                { "Count": 1, "Profile": { "Type": "press", "IdealCycleTime": "00:00:00", "RejectProbability": 1.5 } } ] }
            """);

        Assert.Contains("MachineTypes[1].Profile.IdealCycleTime must be at least 1 ms", failure, StringComparison.Ordinal);
        Assert.Contains("MachineTypes[1].Profile.RejectProbability must be 0..1 (was 1.5)", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("MachineTypes[0]", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "MachineTypes": [ { "Cout": 2, "Profile": { "Type": "cnc" } } ] }""", "'Cout'", "$.MachineTypes[0].Cout")]
    [InlineData("""{ "MachineTypes": [ { "Profile": { "Type": "cnc", "IdealCycleTime": 12 } } ] }""", "TimeSpan", "$.MachineTypes[0].Profile.IdealCycleTime")]
    [InlineData("""{ "MachineTypes": [ { "Count": 2 } ] }""", "Profile", "$.MachineTypes[0]")]
    [InlineData("""{ "MachineTypes": [], "Faults": [ { "At": "00:00:05", "Action": "Explode" } ] }""", "FaultAction", "$.Faults[0].Action")]
    public async Task Misspelt_mistyped_or_missing_fields_are_named(string json, string what, string jsonPath)
    {
        var failure = await StartFailureAsync(json);

        Assert.Contains(what, failure, StringComparison.Ordinal);
        Assert.Contains(jsonPath, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OPC_UA_front_end_reports_the_same_problems()
    {
        var failure = await StartFailureAsync("""{ "MachineTypes": [ { "Count": 0, "Profile": { "Type": "cnc" } } ] }""",
            "--Simulator:OpcUa:Enabled=true", "--Simulator:OpcUa:Port=0");

        Assert.EndsWith("MachineTypes[0].Count must be positive (was 0).", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_OPC_UA_status_in_a_fault_is_named_before_the_start()
    {
        var path = _folder.Combine("status.json");
        await File.WriteAllTextAsync(path, """
            { "MachineTypes": [ { "Profile": { "Type": "cnc" } } ],
              "Faults": [ { "At": "00:00:05", "Action": "BadQuality", "Machine": "m01", "Signal": "power", "Status": "BadWeather" } ] }
            """);

        var failures = SimulatorOptionsValidator.Check(new SimulatorOptions { Scenario = path, OpcUa = new OpcUaSimulatorOptions { Enabled = true } });

        Assert.Equal(["Simulator:Scenario: Faults[0].Status: Unknown status 'BadWeather'."], failures);
        // Over MQTT the fault is skipped at run time (no quality in the JSON payload), so the file is fine.
        Assert.Empty(SimulatorOptionsValidator.Check(new SimulatorOptions { Scenario = path }));
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var builder = Host.CreateApplicationBuilder(["--Simulator:Scenario=/nonexistent/line.json"]);
        builder.Logging.ClearProviders();
        builder.AddSimulator();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains(error.Failures, f => f.StartsWith("Simulator:Scenario:", StringComparison.Ordinal) && f.Contains("/nonexistent/line.json", StringComparison.Ordinal));
    }
}
