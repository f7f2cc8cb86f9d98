using IIoT.Cloud.Kpi.Arithmetic;
using static IIoT.Cloud.Tests.Kpi.Arithmetic.MachineFeed;

namespace IIoT.Cloud.Tests.Kpi.Arithmetic;

public sealed class KpiFiguresTests
{
    [Fact]
    public void Line_of_two_machines_takes_ratios_from_the_summed_times_and_counts_not_the_average()
    {
        var settings = new KpiSettings();
        // A: runs the whole hour at ideal speed, 360 parts, all good.
        var a = RollupCalculator.Compute(Running(0, 3600, cycleS: 10, idealS: 10).Samples, Range(0, 3600), [], settings);
        // B: runs 30 min (a part every 20 s at an ideal of 10 s: 90 parts, 9 scrap), then idle for 30 min.
        var feedB = Running(0, 1800, cycleS: 20, idealS: 10, rejectEvery: 10);
        for (var s = 1800; s < 3600; s++)
        {
            feedB.State(s, "idle");
        }
        var b = RollupCalculator.Compute(feedB.Samples, Range(0, 3600), [], settings);
        Assert.Equal(90, b.PartsTotal);
        Assert.Equal(9, b.PartsReject);

        var line = KpiRollup.Sum([a, b]);
        var figures = KpiFigures.From(line);
        Assert.Equal(7200, line.WindowS, 9);
        Assert.Equal(5400d / 7200, figures.Availability!.Value, 9);
        Assert.Equal((3600d + 900) / 5400, figures.Performance!.Value, 9);  // 0.833, not the mean of 1 and 0.5
        Assert.Equal(441d / 450, figures.Quality!.Value, 9);                // 0.98, not the mean of 1 and 0.9
        Assert.Equal(5400d / 7200 * 4500 / 5400 * 441 / 450, figures.Oee!.Value, 9);
        Assert.Equal(1, figures.Stops);
        Assert.Equal(1800, figures.UnplannedDownS, 9);
        Assert.Equal(450d / 2, figures.ThroughputPerHour!.Value, 9);        // 450 parts in 2 machine-hours
        Assert.Equal(9d / 450, figures.ScrapRate!.Value, 9);

        // A site of one line is that line.
        Assert.Equal(figures, KpiFigures.From(KpiRollup.Zero.Add(line)));
    }

    [Fact]
    public void Figures_are_null_when_undefined()
    {
        var empty = KpiFigures.From(KpiRollup.Zero);
        Assert.Null(empty.Availability);
        Assert.Null(empty.Performance);
        Assert.Null(empty.Quality);
        Assert.Null(empty.Oee);
        Assert.Null(empty.MtbfS);
        Assert.Null(empty.MttrS);
        Assert.Null(empty.ThroughputPerHour);
        Assert.Null(empty.ScrapRate);
        Assert.Null(empty.EnergyPerGoodPartKwh);
        Assert.Null(empty.Coverage);
        Assert.True(empty.CoverageComplete);

        // All planned downtime: nothing is scheduled, nothing is defined.
        var planned = KpiFigures.From(KpiRollup.Zero with { WindowS = 60, PlannedDownS = 60 });
        Assert.Null(planned.Availability);
        Assert.Null(planned.Coverage);

        // Idle all along: availability 0, performance undefined, OEE 0 (not null), quality undefined (no parts).
        var idle = KpiFigures.From(KpiRollup.Zero with { WindowS = 60, IdleS = 60, Stops = 1 });
        Assert.Equal(0, idle.Availability);
        Assert.Null(idle.Performance);
        Assert.Null(idle.Quality);
        Assert.Equal(0, idle.Oee);
        Assert.Equal(60, idle.MeanStopS);

        // Running without parts: performance 0, OEE 0.
        var noParts = KpiFigures.From(KpiRollup.Zero with { WindowS = 60, RunS = 60 });
        Assert.Equal(0, noParts.Performance);
        Assert.Equal(0, noParts.Oee);
        Assert.Null(noParts.Quality);
    }

    [Fact]
    public void Coverage_limit_is_one_percent_of_scheduled_time()
    {
        var justIn = KpiFigures.From(KpiRollup.Zero with { WindowS = 1000, PlannedDownS = 0, UnknownS = 10, RunS = 990 });
        Assert.True(justIn.CoverageComplete);
        Assert.Equal(0.99, justIn.Coverage!.Value, 12);
        var justOut = KpiFigures.From(KpiRollup.Zero with { WindowS = 1000, UnknownS = 10.5, RunS = 989.5 });
        Assert.False(justOut.CoverageComplete);
        // Planned downtime does not dilute the limit: 10 s unknown of 500 scheduled seconds is 2 %.
        var planned = KpiFigures.From(KpiRollup.Zero with { WindowS = 1000, PlannedDownS = 500, UnknownS = 10, RunS = 490 });
        Assert.False(planned.CoverageComplete);
        Assert.Equal(0.98, planned.Coverage!.Value, 12);
    }
}
