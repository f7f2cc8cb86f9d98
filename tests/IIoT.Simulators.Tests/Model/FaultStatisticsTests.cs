using IIoT.Simulators.Model;

namespace IIoT.Simulators.Tests.Model;

/// <summary>Long virtual runs: the state machine must reproduce the configured reliability figures.</summary>
public sealed class FaultStatisticsTests
{
    private sealed record Observed(int Faults, double MeanRepairS, double RunningS, int Setups, int Starvations, long Parts);

    private static Observed Run(int seed, int machines, int hours)
    {
        var line = new ProductionLine(new LineModelOptions { Machines = machines, Seed = seed });
        var samples = new MachineSample[machines];
        var previous = new MachineState[machines];
        var faultStart = new long[machines];
        int faults = 0, setups = 0, starvations = 0, repairs = 0;
        double repairS = 0, runningS = 0;
        for (long t = 0; t < hours * 3600L; t++)
        {
            line.Step(samples);
            for (var m = 0; m < machines; m++)
            {
                var state = samples[m].State;
                if (state == MachineState.Running)
                {
                    runningS++;
                }
                if (t > 0 && state != previous[m])
                {
                    switch (state)
                    {
                        case MachineState.Fault:
                            faults++;
                            faultStart[m] = t;
                            break;
                        case MachineState.Setup:
                            setups++;
                            break;
                        case MachineState.Idle:
                            starvations++;
                            break;
                    }
                    if (previous[m] == MachineState.Fault)
                    {
                        repairs++;
                        repairS += t - faultStart[m];
                    }
                }
                previous[m] = state;
            }
        }
        return new Observed(faults, repairS / repairs, runningS, setups, starvations, line.Machines.Sum(m => m.PartsTotal));
    }

    [Fact]
    public void Faults_arrive_at_the_MTBF_rate_and_last_MTTR_on_average()
    {
        // 10 machines x 48 h: about 550 faults, so the means are known to a few percent.
        var observed = Run(seed: 42, machines: 10, hours: 48);
        var profile = ScenarioCatalog.Get(ScenarioCatalog.Default).MachineTypes[0];

        // Several failures can fall into one 1 s tick only with negligible probability, so transitions count faults.
        var mtbfS = observed.RunningS / observed.Faults;
        Assert.InRange(mtbfS, profile.MeanTimeBetweenFailures.TotalSeconds * 0.85, profile.MeanTimeBetweenFailures.TotalSeconds * 1.15);
        // Repairs are measured in whole ticks; a half-tick bias is below the tolerance.
        Assert.InRange(observed.MeanRepairS, profile.MeanTimeToRepair.TotalSeconds * 0.85, profile.MeanTimeToRepair.TotalSeconds * 1.15);
    }

    [Fact]
    public void Every_state_is_visited_with_plausible_frequency()
    {
        var observed = Run(seed: 9, machines: 5, hours: 24);

        Assert.True(observed.Faults > 50, $"{observed.Faults} faults");
        Assert.True(observed.Starvations > 50, $"{observed.Starvations} starvations");
        // Machines 0..4 make 500/800/400/500/500 parts between changeovers; a setup follows each batch.
        var partsPerSetup = (double)observed.Parts / observed.Setups;
        Assert.InRange(partsPerSetup, 400, 650);
        var availability = observed.RunningS / (5 * 24 * 3600.0);
        Assert.InRange(availability, 0.75, 0.97);
    }
}
