using IIoT.Cloud.Kpi.Arithmetic;
using static IIoT.Cloud.Tests.Kpi.Arithmetic.MachineFeed;

namespace IIoT.Cloud.Tests.Kpi.Arithmetic;

public sealed class RollupCalculatorTests
{
    private static readonly KpiSettings Settings = new();
    private static readonly TimeRange[] NoPlan = [];

    [Fact]
    public void Clean_hour_of_running_gives_full_availability_and_performance_and_the_exact_counts()
    {
        // One part every 10 s at an ideal of 10 s; every 36th part scrap; 5 kW all along.
        var feed = Running(0, 3600, cycleS: 10, idealS: 10, rejectEvery: 36);
        var rollup = RollupCalculator.Compute(feed.Samples, Range(0, 3600), NoPlan, Settings);

        Assert.Equal(3600, rollup.WindowS, 9);
        Assert.Equal(3600, rollup.RunS, 9);
        Assert.Equal(0, rollup.UnknownS + rollup.IdleS + rollup.SetupS + rollup.FaultS + rollup.PlannedDownS, 9);
        Assert.Equal(360, rollup.PartsTotal);
        Assert.Equal(10, rollup.PartsReject);
        Assert.Equal(350, rollup.PartsGood);
        Assert.Equal(3600, rollup.IdealPartS, 9);
        Assert.Equal(5, rollup.EnergyKwh, 9);
        Assert.Equal(0, rollup.Stops);

        var figures = KpiFigures.From(rollup);
        Assert.Equal(1, figures.Availability!.Value, 9);
        Assert.Equal(1, figures.Performance!.Value, 9);
        Assert.Equal(350d / 360, figures.Quality!.Value, 9);
        Assert.Equal(350d / 360, figures.Oee!.Value, 9);
        Assert.Equal(360, figures.ThroughputPerHour!.Value, 9);
        Assert.Equal(10d / 360, figures.ScrapRate!.Value, 9);
        Assert.Equal(5d / 350, figures.EnergyPerGoodPartKwh!.Value, 12);
        Assert.Equal(1, figures.Coverage!.Value, 9);
        Assert.True(figures.CoverageComplete);
        Assert.Null(figures.MtbfS);
        Assert.Null(figures.MttrS);
        Assert.Null(figures.MeanStopS);
    }

    [Fact]
    public void Counter_reset_to_zero_counts_the_parts_made_since_the_reset()
    {
        var feed = new MachineFeed();
        foreach (var (s, v) in new[] { (-1.0, 100.0), (10, 101), (20, 102), (30, 1), (40, 2), (50, 3) })
        {
            feed.State(s, "running").Total(s, v);
        }
        var rollup = RollupCalculator.Compute(feed.Samples, Range(0, 60), NoPlan, Settings);
        // 100->101->102: 2; 102->1: reset, 1 part since; 1->2->3: 2.
        Assert.Equal(5, rollup.PartsTotal);
    }

    [Fact]
    public void Counter_rollover_at_2_pow_32_counts_across_the_wrap_and_a_drop_from_lower_down_is_a_reset()
    {
        var wrap = new MachineFeed().Total(-1, 4294967294).Total(10, 4294967295).Total(20, 3);
        Assert.Equal(1 + 4, RollupCalculator.Compute(wrap.Samples, Range(0, 60), NoPlan, Settings).PartsTotal);

        // 98 % of the range is not "within 1 % of the rollover": a reset, 3 parts since.
        var reset = new MachineFeed().Total(-1, 0.98 * 4294967296).Total(20, 3);
        Assert.Equal(3, RollupCalculator.Compute(reset.Samples, Range(0, 60), NoPlan, Settings).PartsTotal);

        // A 16-bit counter configured as such.
        var small = new MachineFeed().Total(-1, 65530).Total(20, 4);
        Assert.Equal(10, RollupCalculator.Compute(small.Samples, Range(0, 60), NoPlan, new KpiSettings { CounterRollover = 65536 }).PartsTotal);
    }

    [Fact]
    public void Delta_belongs_to_the_bucket_of_the_later_sample_and_needs_the_earlier_one_within_MaxCounterGap()
    {
        var feed = new MachineFeed().Total(-1, 10).Total(59, 12).Total(61, 15);
        Assert.Equal(2, RollupCalculator.Compute(feed.Samples, Range(0, 60), NoPlan, Settings).PartsTotal);
        Assert.Equal(3, RollupCalculator.Compute(feed.Samples, Range(60, 120), NoPlan, Settings).PartsTotal);

        var settings = new KpiSettings { MaxCounterGap = TimeSpan.FromSeconds(30) };
        var gap = new MachineFeed().Total(-1, 10).Total(40, 12).Total(50, 20);
        // -1 -> 40 is 41 s apart: not attributed; 40 -> 50: 8.
        Assert.Equal(8, RollupCalculator.Compute(gap.Samples, Range(0, 60), NoPlan, settings).PartsTotal);
    }

    [Fact]
    public void Missing_data_in_the_middle_is_unknown_time_excluded_from_planned_production_and_marks_the_window_incomplete()
    {
        var settings = new KpiSettings { MaxSampleGap = TimeSpan.FromSeconds(5) };
        var feed = new MachineFeed();
        for (var s = -1; s < 120; s++)
        {
            if (s is >= 20 and < 80)
            {
                continue;   // nothing arrived for a minute
            }
            // A bad-quality state sample at 100: unknown until the next sample at 105.
            if (s is > 100 and < 105)
            {
                continue;
            }
            feed.State(s, "running", good: s != 100);
        }
        var rollup = RollupCalculator.Compute(feed.Samples, Range(0, 120), NoPlan, settings);
        // Sample at 19 holds until 24: unknown [24, 80) = 56 s, plus [100, 105) = 5 s.
        Assert.Equal(61, rollup.UnknownS, 9);
        Assert.Equal(59, rollup.RunS, 9);
        var figures = KpiFigures.From(rollup, settings.MaxUnknownShare);
        Assert.Equal(1, figures.Availability!.Value, 9);
        Assert.Equal(59d / 120, figures.Coverage!.Value, 9);
        Assert.False(figures.CoverageComplete);
        Assert.Equal(59, figures.PlannedProductionS, 9);
        Assert.Equal(0, figures.Stops);
    }

    [Fact]
    public void Fault_in_the_middle_of_a_shift_is_one_stop_and_one_failure_with_MTBF_and_MTTR()
    {
        var calendar = new ShiftCalendar("UTC", [new ShiftDefinition("early", "00:00", "08:00")]);
        var feed = Running(0, 3600, cycleS: 10, idealS: 10);
        // Fault from 20:00 to 35:00 (the counter stands still meanwhile; here only the state matters).
        for (var i = 0; i < feed.Samples.States.Count; i++)
        {
            var s = (feed.Samples.States[i].TimeNs - T0) / 1e9;
            if (s is >= 1200 and < 2100)
            {
                feed.Samples.States[i] = feed.Samples.States[i] with { State = "fault" };
            }
        }
        var window = Range(0, 3600);
        var direct = RollupCalculator.Compute(feed.Samples, window, calendar, Settings);
        Assert.Equal(900, direct.FaultS, 9);
        Assert.Equal(2700, direct.RunS, 9);
        Assert.Equal(0, direct.PlannedDownS, 9);
        Assert.Equal(1, direct.Stops);
        Assert.Equal(1, direct.Failures);
        var figures = KpiFigures.From(direct);
        Assert.Equal(0.75, figures.Availability!.Value, 9);
        Assert.Equal(2700, figures.MtbfS!.Value, 9);
        Assert.Equal(900, figures.MttrS!.Value, 9);
        Assert.Equal(900, figures.MeanStopS!.Value, 9);

        // The stop starts in the 21st minute bucket only.
        var buckets = Enumerable.Range(0, 60)
            .Select(m => RollupCalculator.Compute(feed.Samples, Range(m * 60, m * 60 + 60), calendar, Settings)).ToList();
        Assert.Equal(new[] { 20 }, buckets.Select((r, m) => (r, m)).Where(x => x.r.Stops == 1).Select(x => x.m));
        AssertSame(direct, KpiRollup.Sum(buckets));

        var stop = Assert.Single(StopFinder.Find(feed.Samples.States, window, Settings));
        Assert.Equal(new Stop(At(1200), At(2100), MachineCondition.Fault, "fault"), stop);
        Assert.Equal(900, stop.DurationS, 9);
    }

    [Fact]
    public void Planned_break_and_planned_stop_state_are_planned_downtime_but_running_in_a_break_is_run_time()
    {
        // Shift 00:00-08:00 with a break 00:30-00:45; window 00:15-01:15.
        var calendar = new ShiftCalendar("UTC", [new ShiftDefinition("early", "00:00", "08:00")], [new BreakDefinition("00:30", "00:45")]);
        var feed = new MachineFeed();
        for (var s = 899; s < 4500; s++)
        {
            var state = s switch
            {
                >= 1800 and < 2700 => "idle",          // the break: machine idle
                >= 2700 and < 3000 => "planned_stop",  // after the break: planned stop reported by the machine
                >= 3600 and < 3660 => "setup",         // a changeover: unplanned
                _ => "running",
            };
            feed.State(s, state);
        }
        var rollup = RollupCalculator.Compute(feed.Samples, Range(900, 4500), calendar, Settings);
        Assert.Equal(900 + 300, rollup.PlannedDownS, 9);
        Assert.Equal(60, rollup.SetupS, 9);
        Assert.Equal(3600 - 1200 - 60, rollup.RunS, 9);
        Assert.Equal(1, rollup.Stops);      // the setup; idle in the break is no stop
        Assert.Equal(0, rollup.Failures);
        Assert.Equal(2340d / 2400, KpiFigures.From(rollup).Availability!.Value, 9);

        // The same break with the machine running through it: run time, no planned downtime.
        var busy = Running(1800, 2700, cycleS: 10, idealS: 10);
        var during = RollupCalculator.Compute(busy.Samples, Range(1800, 2700), calendar, Settings);
        Assert.Equal(900, during.RunS, 9);
        Assert.Equal(0, during.PlannedDownS, 9);
    }

    [Fact]
    public void Idle_after_a_break_starts_a_stop_at_the_bucket_boundary()
    {
        var calendar = new ShiftCalendar("UTC", [new ShiftDefinition("early", "00:00", "08:00")], [new BreakDefinition("00:30", "00:45")]);
        var feed = new MachineFeed();
        for (var s = 1700; s < 2800; s++)
        {
            feed.State(s, s < 2760 ? "idle" : "running");
        }
        // The break ends at 00:45:00 = a bucket start; idle from there on is a stop starting in that bucket.
        var rollup = RollupCalculator.Compute(feed.Samples, Range(2700, 2760), calendar, Settings);
        Assert.Equal(1, rollup.Stops);
        Assert.Equal(60, rollup.IdleS, 9);
        Assert.Equal(0, RollupCalculator.Compute(feed.Samples, Range(2640, 2700), calendar, Settings).Stops);
    }

    [Fact]
    public void Out_of_order_samples_and_a_replayed_batch_give_the_same_rollup_as_one_clean_delivery()
    {
        var feed = Running(0, 600, cycleS: 12, idealS: 10, rejectEvery: 7);
        for (var i = 0; i < feed.Samples.States.Count; i++)
        {
            if (i % 97 is > 40 and < 60)
            {
                feed.Samples.States[i] = feed.Samples.States[i] with { State = i % 2 == 0 ? "fault" : "idle" };
            }
        }
        var clean = RollupCalculator.Compute(feed.Samples, Range(0, 600), NoPlan, Settings);

        var random = new Random(7);
        var shuffled = new MachineSamples
        {
            States = [.. feed.Samples.States.OrderBy(_ => random.Next())],
            PartsTotal = [.. feed.Samples.PartsTotal.OrderBy(_ => random.Next())],
            PartsGood = [.. feed.Samples.PartsGood.OrderBy(_ => random.Next())],
            PartsReject = [.. feed.Samples.PartsReject.OrderBy(_ => random.Next())],
            IdealCycleTimeS = [.. feed.Samples.IdealCycleTimeS.OrderBy(_ => random.Next())],
            PowerKw = [.. feed.Samples.PowerKw.OrderBy(_ => random.Next())],
        };
        AssertSame(clean, RollupCalculator.Compute(shuffled, Range(0, 600), NoPlan, Settings));

        // A batch (seconds 100..299) delivered twice: same timestamps, same values.
        static List<T> Replay<T>(List<T> list) => [.. list, .. list.Skip(101).Take(200)];
        var replayed = new MachineSamples
        {
            States = Replay(feed.Samples.States),
            PartsTotal = Replay(feed.Samples.PartsTotal),
            PartsGood = Replay(feed.Samples.PartsGood),
            PartsReject = Replay(feed.Samples.PartsReject),
            IdealCycleTimeS = Replay(feed.Samples.IdealCycleTimeS),
            PowerKw = Replay(feed.Samples.PowerKw),
        };
        AssertSame(clean, RollupCalculator.Compute(replayed, Range(0, 600), NoPlan, Settings));
        Assert.True(clean.Stops > 0 && clean.PartsTotal > 0);
    }

    [Fact]
    public void Speed_loss_actual_cycle_longer_than_ideal_shows_in_performance()
    {
        // A part every 12 s at an ideal of 10 s: 300 parts, 3000 ideal seconds in 3600 running seconds.
        var rollup = RollupCalculator.Compute(Running(0, 3600, cycleS: 12, idealS: 10).Samples, Range(0, 3600), NoPlan, Settings);
        Assert.Equal(300, rollup.PartsTotal);
        Assert.Equal(3000, rollup.IdealPartS, 9);
        var figures = KpiFigures.From(rollup);
        Assert.Equal(3000d / 3600, figures.Performance!.Value, 9);
        Assert.Equal(1, figures.Availability!.Value, 9);
        Assert.Equal(3000d / 3600, figures.Oee!.Value, 9);
    }

    [Fact]
    public void Ideal_cycle_time_in_force_when_the_counter_moves_applies_to_its_parts()
    {
        var feed = new MachineFeed().Ideal(-1, 10).Total(-1, 0).Total(10, 1).Ideal(20, 4).Total(30, 3);
        foreach (var s in new[] { -1.0, 10, 20, 30 })
        {
            feed.State(s, "running");
        }
        // Ideal samples hold only MaxSampleGap (30 s): at 10 s the 10 s ideal is in force, at 30 s the 4 s one.
        var rollup = RollupCalculator.Compute(feed.Samples, Range(0, 40), NoPlan, Settings);
        Assert.Equal(1 * 10 + 2 * 4, rollup.IdealPartS, 9);

        // No ideal cycle time in force: the parts count, but add no ideal time.
        var none = new MachineFeed().Total(-1, 0).Total(10, 5);
        var noIdeal = RollupCalculator.Compute(none.Samples, Range(0, 40), NoPlan, Settings);
        Assert.Equal(5, noIdeal.PartsTotal);
        Assert.Equal(0, noIdeal.IdealPartS);
    }

    [Fact]
    public void Energy_per_good_part_integrates_power_held_at_most_MaxSampleGap()
    {
        var feed = Running(0, 3600, cycleS: 40, idealS: 40);
        // 6 kW for the first half hour, 12 kW for the second: 3 + 6 = 9 kWh over 90 good parts.
        for (var i = 0; i < feed.Samples.PowerKw.Count; i++)
        {
            var s = (feed.Samples.PowerKw[i].TimeNs - T0) / 1e9;
            feed.Samples.PowerKw[i] = feed.Samples.PowerKw[i] with { Value = s < 1800 ? 6 : 12 };
        }
        var rollup = RollupCalculator.Compute(feed.Samples, Range(0, 3600), NoPlan, Settings);
        Assert.Equal(9, rollup.EnergyKwh, 9);
        Assert.Equal(3600, rollup.PowerKnownS, 9);
        Assert.Equal(90, rollup.PartsGood);
        Assert.Equal(0.1, KpiFigures.From(rollup).EnergyPerGoodPartKwh!.Value, 12);

        // One power sample at 0 (3.6 kW) and nothing after: held 30 s -> 0.03 kWh; a bad sample adds nothing.
        var sparse = new MachineFeed().Power(0, 3.6).Power(100, 50, good: false);
        var partial = RollupCalculator.Compute(sparse.Samples, Range(0, 3600), NoPlan, Settings);
        Assert.Equal(0.03, partial.EnergyKwh, 12);
        Assert.Equal(30, partial.PowerKnownS, 9);

        // No power measured: energy per good part is undefined, not 0.
        var noPower = new MachineFeed().Total(-1, 0).Total(10, 5);
        noPower.Samples.PartsGood.AddRange(noPower.Samples.PartsTotal);
        Assert.Null(KpiFigures.From(RollupCalculator.Compute(noPower.Samples, Range(0, 60), NoPlan, Settings)).EnergyPerGoodPartKwh);
    }

    [Fact]
    public void Unmapped_state_name_is_unknown_time_and_state_names_are_case_insensitive()
    {
        var feed = new MachineFeed().State(0, "RUNNING").State(30, "warming_up");
        var rollup = RollupCalculator.Compute(feed.Samples, Range(0, 60), NoPlan, Settings);
        Assert.Equal(30, rollup.RunS, 9);
        Assert.Equal(30, rollup.UnknownS, 9);
    }

    internal static void AssertSame(KpiRollup expected, KpiRollup actual)
    {
        Assert.Equal(expected.WindowS, actual.WindowS, 1e-6);
        Assert.Equal(expected.PlannedDownS, actual.PlannedDownS, 1e-6);
        Assert.Equal(expected.UnknownS, actual.UnknownS, 1e-6);
        Assert.Equal(expected.RunS, actual.RunS, 1e-6);
        Assert.Equal(expected.IdleS, actual.IdleS, 1e-6);
        Assert.Equal(expected.SetupS, actual.SetupS, 1e-6);
        Assert.Equal(expected.FaultS, actual.FaultS, 1e-6);
        Assert.Equal(expected.Stops, actual.Stops);
        Assert.Equal(expected.Failures, actual.Failures);
        Assert.Equal(expected.PartsTotal, actual.PartsTotal, 1e-6);
        Assert.Equal(expected.PartsGood, actual.PartsGood, 1e-6);
        Assert.Equal(expected.PartsReject, actual.PartsReject, 1e-6);
        Assert.Equal(expected.IdealPartS, actual.IdealPartS, 1e-6);
        Assert.Equal(expected.EnergyKwh, actual.EnergyKwh, 1e-9);
        Assert.Equal(expected.PowerKnownS, actual.PowerKnownS, 1e-6);
    }
}
