using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;
using IIoT.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IIoT.Simulators.Tests.Model;

/// <summary>Planned downtime (breaks): the state OEE needs to tell planned from unplanned stops.</summary>
public sealed class PlannedStopTests
{
    private static readonly PlannedStop Break = new() { Start = TimeSpan.FromSeconds(60), Duration = TimeSpan.FromSeconds(30), Every = TimeSpan.FromSeconds(300) };

    [Theory]
    [InlineData(59.9, false, 0)]
    [InlineData(60, true, 90)]
    [InlineData(89.99, true, 90)]
    [InlineData(90, false, 0)]
    [InlineData(365, true, 390)]
    public void The_schedule_repeats_every_period(double t, bool stopped, double end)
    {
        var schedule = new PlannedStopSchedule([Break]);

        Assert.Equal(stopped, schedule.IsStopped(t, out var until));
        if (stopped) Assert.Equal(end, until, 9);
    }

    [Fact]
    public void Overlapping_stops_merge_and_the_next_start_is_the_earliest()
    {
        var schedule = new PlannedStopSchedule([Break, new PlannedStop { Start = TimeSpan.FromSeconds(80), Duration = TimeSpan.FromSeconds(40) }]);

        Assert.True(schedule.IsStopped(70, out var end));
        Assert.Equal(120, end, 9);
        Assert.Equal(80, schedule.NextStart(70), 9);
        Assert.Equal(360, schedule.NextStart(120), 9);
    }

    [Fact]
    public void During_a_planned_stop_every_machine_shows_planned_stop_at_idle_power_and_makes_no_parts()
    {
        var line = new ProductionLine(new LineModelOptions { Machines = 5, Seed = 3, PlannedStops = [Break] });
        var samples = new MachineSample[5];
        var history = new List<MachineSample[]>();
        for (var t = 0; t < 700; t++)
        {
            line.Step(samples);
            history.Add([.. samples]);
        }

        static bool InBreak(int t) => t % 300 is >= 60 and < 90;
        for (var t = 0; t < history.Count; t++)
        {
            foreach (var s in history[t])
            {
                Assert.True(InBreak(t) == (s.State == MachineState.PlannedStop), $"tick {t} machine {s.MachineIndex}: {s.State}");
                if (InBreak(t))
                {
                    var profile = line.Machines[s.MachineIndex].Profile;
                    Assert.InRange(s.PowerKw, profile.IdlePowerKw * 0.85, profile.IdlePowerKw * 1.15);
                    Assert.Equal(0, s.SpindleSpeedRpm);
                }
            }
        }

        // No part is finished during a break: the counters at its end are those at its start.
        foreach (var start in new[] { 60, 360, 660 })
        {
            Assert.Equal(history[start].Select(s => s.PartsTotal), history[start + 30].Select(s => s.PartsTotal));
        }

        // The machines do run between breaks.
        Assert.True(history[359].Sum(s => s.PartsTotal) > history[90].Sum(s => s.PartsTotal));
    }

    [Fact]
    public void A_scenario_file_declares_planned_stops_for_both_front_ends_and_bad_ones_are_named()
    {
        using var folder = new TempFolder("sim-planned");
        var good = folder.Combine("good.json");
        File.WriteAllText(good, """
            { "MachineTypes": [ { "Count": 2, "Profile": { "Type": "cnc" } } ],
              "PlannedStops": [ { "Name": "lunch", "Start": "04:00:00", "Duration": "00:30:00", "Every": "08:00:00" } ] }
            """);
        var bad = folder.Combine("bad.json");
        File.WriteAllText(bad, """
            { "MachineTypes": [ { "Count": 2, "Profile": { "Type": "cnc" } } ],
              "PlannedStops": [ { "Start": "00:10:00", "Duration": "00:30:00", "Every": "00:20:00" } ] }
            """);

        var line = new SimulatorOptions { Scenario = good }.ResolveLine();
        var stop = Assert.Single(line.Model.PlannedStops);
        Assert.Equal(("lunch", TimeSpan.FromHours(4), TimeSpan.FromMinutes(30), TimeSpan.FromHours(8)), (stop.Name, stop.Start, stop.Duration, stop.Every));
        var failure = Assert.Single(SimulatorOptionsValidator.Check(new SimulatorOptions { Scenario = bad }));
        Assert.Contains("PlannedStops[0].Every must be longer than Duration", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_line_planned_stops_apply_to_a_built_in_scenario_over_MQTT()
    {
        using var folder = new TempFolder("sim-planned-app");
        var truth = folder.Combine("truth.jsonl");
        var builder = Host.CreateApplicationBuilder([
            "--Simulator:Machines=2", "--Simulator:Ticks=8", "--Simulator:Fast=true", $"--Simulator:EmbeddedBroker:Port={FreePort.Next()}",
            $"--Simulator:TruthFile={truth}", "--Simulator:PlannedStops:0:Start=00:00:02", "--Simulator:PlannedStops:0:Duration=00:00:03",
        ]);
        builder.Logging.ClearProviders();
        builder.AddSimulator();
        using var app = builder.Build();

        await app.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var states = File.ReadAllLines(truth).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("payload"))
            .Select(p => (Seq: p.GetProperty("seq").GetInt64(), State: p.GetProperty("state").GetString())).ToList();
        Assert.Equal(16, states.Count);
        Assert.All(states, s => Assert.Equal(s.Seq is >= 3 and <= 5, s.State == "planned_stop"));
    }

    [Fact]
    public void Bad_command_line_planned_stops_are_named() =>
        Assert.Contains("Simulator:PlannedStops:0:Duration must be positive (was 00:00:00).",
            SimulatorOptionsValidator.Check(new SimulatorOptions { PlannedStops = [new PlannedStop { Duration = TimeSpan.Zero }] }));

    [Fact]
    public void The_wire_name_of_a_planned_stop_is_planned_stop() => Assert.Equal("planned_stop", MachineState.PlannedStop.ToWireName());
}
