using System.Diagnostics;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;
using IIoT.Simulators.OpcUa;
using IIoT.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace IIoT.Simulators.Tests.OpcUa;

/// <summary>Scenario files, the scale mode and the app wiring (command line, control file).</summary>
public sealed class ScenarioTests(ITestOutputHelper output)
{
    private static SimulatedLine FromFile(string file, int extraTags = 0) => new SimulatorOptions
    {
        Scenario = file,
        OpcUa = new OpcUaSimulatorOptions { Enabled = true, ExtraTagsPerMachine = extraTags },
    }.ResolveLine();

    [Fact]
    public void The_mixed_line_file_lays_out_four_machine_types_with_their_counts_and_own_signals()
    {
        var line = FromFile("Scenarios/mixed-line.json");

        Assert.Equal(10, line.Model.Machines);
        Assert.Equal(7, line.Model.Seed);
        Assert.Equal(["cnc", "cnc", "cnc", "injection-moulding", "injection-moulding", "packaging", "packaging", "textile-loom", "textile-loom", "textile-loom"],
            Enumerable.Range(0, 10).Select(i => line.Model.Scenario.ProfileFor(i).Type));
        Assert.Equal(TimeSpan.FromMinutes(90), line.Model.Scenario.ProfileFor(3).MeanTimeBetweenFailures);
        Assert.Equal(["mould_temperature", "injection_pressure"], line.MachineSpecs[3].ExtraSignals.Select(s => s.Name));
        Assert.Equal("urn:iiot:sim:line1", line.NamespaceUri);
    }

    [Fact]
    public void The_fault_demo_file_schedules_each_action()
    {
        var line = FromFile("Scenarios/faults-demo.json");

        Assert.Equal([FaultAction.BadQuality, FaultAction.Freeze, FaultAction.PausePublish, FaultAction.DropConnections, FaultAction.Restart],
            line.Faults.Select(f => f.Action));
        Assert.Equal(TimeSpan.FromSeconds(30), line.Faults[0].At);
        Assert.Equal("BadSensorFailure", line.Faults[0].Status);
    }

    [Fact]
    public void Bad_scenario_files_are_reported_by_the_options_validator()
    {
        using var folder = new TempFolder("sim-scenario");
        var path = folder.Combine("bad.json");
        File.WriteAllText(path, """{ "MachineTypes": [ { "Count": 0, "Profile": { "Type": "x" }, "ExtraSignals": [ { "Name": "power", "Unit": "furlong" } ] } ] }""");

        var failures = SimulatorOptionsValidator.Check(new SimulatorOptions { Scenario = path, OpcUa = new OpcUaSimulatorOptions { Enabled = true } });

        var message = Assert.Single(failures);
        Assert.Contains("MachineTypes[0].Count must be positive", message);
        Assert.Contains("MachineTypes[0].ExtraSignals[0].Unit: unknown unit 'furlong'", message);
        Assert.Contains("MachineTypes[0].ExtraSignals[0].Name 'power' clashes with a fixed signal", message);
        // The MQTT front end reads the same file and reports the same problems.
        Assert.Equal(failures, SimulatorOptionsValidator.Check(new SimulatorOptions { Scenario = path }));
    }

    [Theory]
    [InlineData("at 5 drop", "DropConnections", 5.0)]
    [InlineData("pause-publish 12.5", "PausePublish", 0.0)]
    [InlineData("RESTART # comment", "Restart", 0.0)]
    [InlineData("bad m01 temperature Uncertain 3", "BadQuality", 0.0)]
    [InlineData("freeze * power", "Freeze", 0.0)]
    public void Commands_parse(string text, string action, double at)
    {
        var step = FaultCommandParser.Parse(text);
        Assert.Equal(action, step.Action.ToString());
        Assert.Equal(TimeSpan.FromSeconds(at), step.At);
    }

    [Theory]
    [InlineData("explode")]
    [InlineData("pause-publish")]
    [InlineData("bad m01")]
    [InlineData("bad m01 temperature NotAStatus")]
    [InlineData("freeze m01 power soon")]
    public void Bad_commands_are_refused(string text) => Assert.Throws<FormatException>(() => FaultCommandParser.Parse(text));

    [Fact]
    public Task Scale_mode_serves_over_100000_variables_that_all_change_each_tick() => Run(async () =>
    {
        var watch = Stopwatch.StartNew();
        var line = FromFile("Scenarios/scale-100k.json");
        await using var sim = await SimLine.StartAsync(line);
        output.WriteLine($"built and started in {watch.ElapsedMilliseconds} ms: {sim.Host.VariableCount} variables");
        Assert.True(line.ChangingVariables >= 100_000, $"{line.ChangingVariables} changing variables");
        Assert.Equal(line.ChangingVariables, sim.Host.VariableCount);

        var tags = await sim.Session.BrowseAsync(new NodeId("plant1.scale.scale1.m777.tags", sim.Ns));
        Assert.Equal(90, tags.Length);
        // A sample across the line: one tag and the temperature of every machine (2000 values per read).
        var ids = Enumerable.Range(0, 1000).SelectMany(i => new[]
        {
            new NodeId($"plant1.scale.scale1.{IIoT.Simulators.Model.ProductionLine.MachineName(i)}.tag{i % 90:D5}", sim.Ns),
            new NodeId($"plant1.scale.scale1.{IIoT.Simulators.Model.ProductionLine.MachineName(i)}.sequence", sim.Ns),
        }).Select(id => new ReadValueId { NodeId = id, AttributeId = AttributeIds.Value }).ToArray();
        var before = await sim.Session.ReadAsync(ids);

        watch.Restart();
        await sim.Host.StepAsync();
        output.WriteLine($"one tick of {sim.Host.VariableCount} variables: {watch.ElapsedMilliseconds} ms");

        var after = await sim.Session.ReadAsync(ids);
        Assert.All(after, v => Assert.Equal(StatusCode.Good, v.Status));
        Assert.All(Enumerable.Range(0, ids.Length), i => Assert.NotEqual(before[i].Value.Value, after[i].Value.Value));
    });

    [Fact]
    public Task The_app_serves_a_scenario_file_over_OPC_UA_and_follows_the_control_file() => Run(async () =>
    {
        using var folder = new TempFolder("sim-opcua-app");
        var control = folder.Combine("control.txt");
        var port = FreePort.Next();
        var builder = Host.CreateApplicationBuilder([
            "--Simulator:OpcUa:Enabled=true", $"--Simulator:OpcUa:Port={port}", "--Simulator:OpcUa:BindAddress=127.0.0.1",
            "--Simulator:OpcUa:HostName=127.0.0.1", "--Simulator:Scenario=Scenarios/mixed-line.json", $"--Simulator:OpcUa:ControlFile={control}",
            "--Simulator:OpcUa:Faults=at 0 freeze m02 sequence",
        ]);
        builder.Logging.ClearProviders();
        builder.AddSimulator();
        using var app = builder.Build();
        await app.StartAsync();
        try
        {
            var service = app.Services.GetRequiredService<OpcUaSimulatorService>();
            await Wait.UntilAsync(() => service.Host is { Tick: > 0 }, TimeSpan.FromSeconds(10), "first tick");
            await using var session = await UaSession.ConnectAsync(SimLine.Client($"opc.tcp://127.0.0.1:{port}"));
            var ns = (ushort)session.NamespaceUris.ToList().IndexOf("urn:iiot:sim:line1");
            var pressure = new NodeId("plant1.assembly.line1.m04.injection_pressure", ns);
            Assert.Equal(StatusCode.Good, (await session.ReadAsync(pressure)).Status);
            Assert.True(service.Host!.Overrides.TryGet(new NodeId("plant1.assembly.line1.m02.sequence", ns), out var scheduled) && scheduled.Frozen);

            await File.AppendAllTextAsync(control, "bad m04 injection_pressure Uncertain\n");

            await Wait.UntilAsync(async () => (await session.ReadAsync(pressure)).Status.Code == StatusCodes.Uncertain,
                TimeSpan.FromSeconds(10), "uncertain status from the control file");
        }
        finally
        {
            await app.StopAsync();
        }
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(SimLine.Timeout);
}
