using IIoT.Simulators.Model;
using IIoT.Simulators.Mqtt;

namespace IIoT.Simulators.Tests.Model;

public sealed class ProductionLineTests
{
    private static List<SimulatedMessage> Generate(int seed, int ticks, int machines = 10)
    {
        var options = TestOptions.Fast(port: 1883, machines, ticks, seed);
        var source = new TelemetryMessageSource(options, TimeProvider.System);
        var messages = new List<SimulatedMessage>();
        for (var t = 0; t < ticks; t++)
        {
            source.NextTick(messages);
        }
        return messages;
    }

    [Fact]
    public void Same_seed_and_options_give_the_same_messages_byte_for_byte()
    {
        var first = Generate(seed: 7, ticks: 3000);
        var second = Generate(seed: 7, ticks: 3000);

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Topic, second[i].Topic);
            Assert.Equal(first[i].Payload, second[i].Payload);
        }
    }

    [Fact]
    public void Different_seeds_give_different_messages()
    {
        var first = Generate(seed: 7, ticks: 50);
        var second = Generate(seed: 8, ticks: 50);

        var differing = first.Zip(second).Count(p => !p.First.Payload.AsSpan().SequenceEqual(p.Second.Payload));
        Assert.True(differing > first.Count / 2, $"only {differing} of {first.Count} payloads differ");
    }

    [Fact]
    public void Machines_of_one_line_do_not_move_in_step()
    {
        var line = new ProductionLine(new LineModelOptions { Machines = 10, Seed = 3 });
        var samples = new MachineSample[10];
        for (var t = 0; t < 3600; t++)
        {
            line.Step(samples);
        }
        // Two machines of the same type (0 and 5) must have their own histories.
        Assert.NotEqual(line.Machines[0].PartsTotal, line.Machines[5].PartsTotal);
    }

    [Fact]
    public void Counters_are_monotonic_and_good_plus_reject_equals_total()
    {
        const int ticks = 6 * 3600;
        var line = new ProductionLine(new LineModelOptions { Machines = 10, Seed = 11 });
        var samples = new MachineSample[10];
        var previous = new MachineSample[10];
        for (var t = 0; t < ticks; t++)
        {
            line.Step(samples);
            for (var m = 0; m < samples.Length; m++)
            {
                var s = samples[m];
                Assert.Equal(s.PartsTotal, s.PartsGood + s.PartsReject);
                Assert.Equal(t + 1, s.Sequence);
                if (t > 0)
                {
                    var p = previous[m];
                    Assert.True(s.PartsTotal >= p.PartsTotal && s.PartsGood >= p.PartsGood && s.PartsReject >= p.PartsReject,
                        $"counter went back on machine {m} at tick {t}");
                    // One tick of 1 s cannot finish more than one part of a cycle of at least 8 s.
                    Assert.True(s.PartsTotal - p.PartsTotal <= 1);
                }
                previous[m] = s;
            }
        }

        foreach (var machine in line.Machines)
        {
            var ideal = machine.Profile.IdealCycleTime.TotalSeconds;
            // Output is bounded by the ideal rate, and availability losses must not be absurd.
            Assert.InRange(machine.PartsTotal, 0.5 * ticks / (ideal * 1.3), ticks / ideal);
            var rejectRate = (double)machine.PartsReject / machine.PartsTotal;
            Assert.InRange(rejectRate, machine.Profile.RejectProbability * 0.5, machine.Profile.RejectProbability * 1.6);
        }
    }

    [Fact]
    public void Gauges_follow_the_state()
    {
        var line = new ProductionLine(new LineModelOptions { Machines = 10, Seed = 5 });
        var samples = new MachineSample[10];
        for (var t = 0; t < 12 * 3600; t++)
        {
            line.Step(samples);
            foreach (var s in samples)
            {
                var profile = line.Machines[s.MachineIndex].Profile;
                if (s.State == MachineState.Running)
                {
                    Assert.InRange(s.SpindleSpeedRpm, profile.SpindleSpeedRpm * 0.99, profile.SpindleSpeedRpm * 1.01);
                    Assert.InRange(s.PowerKw, profile.RunningPowerKw * 0.9, profile.RunningPowerKw * 1.3);
                    Assert.InRange(s.ActualCycleTimeS, s.IdealCycleTimeS * 1.0, s.IdealCycleTimeS * 1.3 + 0.001);
                }
                else
                {
                    Assert.Equal(0.0, s.SpindleSpeedRpm);
                    var expected = s.State switch
                    {
                        MachineState.Idle => profile.IdlePowerKw,
                        MachineState.Setup => profile.SetupPowerKw,
                        _ => profile.FaultPowerKw,
                    };
                    Assert.InRange(s.PowerKw, expected * 0.9, expected * 1.1);
                }
                Assert.InRange(s.TemperatureC, profile.AmbientTemperatureC - 3, profile.RunningTemperatureC + 6);
            }
        }
    }
}
