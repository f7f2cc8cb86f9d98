using IIoT.Cloud.Kpi.Arithmetic;
using static IIoT.Cloud.Tests.Kpi.Arithmetic.MachineFeed;

namespace IIoT.Cloud.Tests.Kpi.Arithmetic;

public sealed class StopFinderTests
{
    private static readonly KpiSettings Settings = new();

    [Fact]
    public void Idle_then_fault_is_one_stop_of_condition_fault_and_a_data_gap_ends_a_stop()
    {
        var feed = new MachineFeed()
            .State(0, "running").State(10, "idle").State(20, "fault").State(40, "running")
            .State(50, "setup").State(60, "setup")     // held 30 s after 60 -> unknown from 90
            .State(120, "setup").State(130, "running");
        var stops = StopFinder.Find(feed.Samples.States, Range(0, 200), Settings);
        Assert.Equal(
            [
                new Stop(At(10), At(40), MachineCondition.Fault, "fault"),
                new Stop(At(50), At(90), MachineCondition.Setup, "setup"),
                new Stop(At(120), At(130), MachineCondition.Setup, "setup"),
            ],
            stops);

        // The rollup counts the same stops where they start, and one failure.
        var rollup = RollupCalculator.Compute(feed.Samples, Range(0, 200), [], Settings);
        Assert.Equal(3, rollup.Stops);
        Assert.Equal(1, rollup.Failures);
        Assert.Equal(10 + 40 + 10, rollup.IdleS + rollup.SetupS);
    }

    [Fact]
    public void Stop_overlapping_the_range_start_shows_its_true_start_and_an_ongoing_stop_ends_at_the_range_end()
    {
        var feed = new MachineFeed().State(0, "running").State(10, "fault");
        for (var s = 11; s < 100; s++)
        {
            feed.State(s, "fault");
        }
        var stop = Assert.Single(StopFinder.Find(feed.Samples.States, Range(50, 70), Settings));
        Assert.Equal(new Stop(At(10), At(70), MachineCondition.Fault, "fault"), stop);
        // The rollup of [50, 70) counts no stop: it started earlier.
        Assert.Equal(0, RollupCalculator.Compute(feed.Samples, Range(50, 70), [], Settings).Stops);
    }

    [Fact]
    public void Idle_through_a_break_into_the_range_starts_its_stop_when_the_break_ends()
    {
        var calendar = new ShiftCalendar("UTC", [new ShiftDefinition("early", "00:00", "08:00")], [new BreakDefinition("00:10", "00:20")]);
        var feed = new MachineFeed().State(500, "running");
        for (var s = 550; s < 1500; s += 10)
        {
            feed.State(s, "idle");
        }
        var stop = Assert.Single(StopFinder.Find(feed.Samples.States, Range(1300, 1400), Settings, calendar));
        Assert.Equal(new Stop(At(1200), At(1400), MachineCondition.Idle, "idle"), stop);
    }

    [Fact]
    public void Timeline_covers_the_range_exactly_with_unknown_for_gaps_and_bad_samples()
    {
        var feed = new MachineFeed().State(0, "running").State(5, "running").State(10, "idle", good: false).State(20, "idle");
        var spans = ConditionTimeline.Build(feed.Samples.States, Range(-5, 60), Settings, [Range(55, 70)]);
        Assert.Equal(
            [
                new ConditionSpan(At(-5), At(0), MachineCondition.Unknown, "unknown"),
                new ConditionSpan(At(0), At(10), MachineCondition.Running, "running"),
                new ConditionSpan(At(10), At(20), MachineCondition.Unknown, "unknown"),
                new ConditionSpan(At(20), At(50), MachineCondition.Idle, "idle"),
                new ConditionSpan(At(50), At(55), MachineCondition.Unknown, "unknown"),
                new ConditionSpan(At(55), At(60), MachineCondition.Planned, "unknown"),
            ],
            spans);
    }
}
