using IIoT.Cloud.Kpi.Arithmetic;
using IIoT.Cloud.Kpi.Storage;

namespace IIoT.Cloud.Tests.Kpi;

public sealed class KpiPointWriterTests
{
    private static readonly KpiRollup Rollup = new(60, 0, 0, 45, 5, 0, 10, 1, 1, 30, 27, 3, 36, 0.125, 60);

    [Fact]
    public void A_rollup_line_has_sorted_escaped_tags_all_fields_and_the_bucket_start()
    {
        var line = KpiPointWriter.RollupLine(new MachineKey("plant 1", "press,a", "line=1", "m1"), 1_800_000_000_000_000_000, Rollup);

        Assert.Equal(
            "kpi_rollup,area=press\\,a,line=line\\=1,machine=m1,site=plant\\ 1 window_s=60,planned_down_s=0,unknown_s=0,run_s=45,idle_s=5,setup_s=0," +
            "fault_s=10,stops=1i,failures=1i,parts_total=30,parts_good=27,parts_reject=3,ideal_part_s=36,energy_kwh=0.125,power_known_s=60 1800000000000000000\n",
            line);
    }

    [Fact]
    public void A_state_line_holds_the_bucket_s_spans_as_escaped_JSON()
    {
        var spans = new List<ConditionSpan>
        {
            new(1000, 1500, MachineCondition.Running, "running"),
            new(1500, 2000, MachineCondition.Unknown, "say \"hi\""),
        };

        var line = KpiPointWriter.StateLine(new MachineKey("plant1", "press", "line1", "m1"), 1000, spans);

        Assert.Equal("kpi_state,area=press,line=line1,machine=m1,site=plant1 spans=\"[[0,\\\"running\\\"],[500,\\\"say \\\\u0022hi\\\\u0022\\\"]]\" 1000\n", line);
    }

    [Fact]
    public void A_KPI_line_leaves_out_undefined_figures_and_empty_tags_and_is_the_same_every_time()
    {
        var zero = KpiRollup.Zero with { WindowS = 60, UnknownS = 60 };
        var point = new KpiWindowPoint("site", new MachineKey("plant1", "", "", ""), "day", null, new TimeRange(0, 86_400_000_000_000), 3_600_000_000_000,
            0, zero, KpiFigures.From(zero), false);

        var line = KpiPointWriter.KpiLine(point);

        Assert.StartsWith("kpi,level=site,site=plant1,window=day window_s=60,", line, StringComparison.Ordinal);
        Assert.DoesNotContain("availability", line, StringComparison.Ordinal);
        Assert.DoesNotContain("oee", line, StringComparison.Ordinal);
        Assert.Contains(",complete=false,from_ns=0i,to_ns=86400000000000i,asof_ns=3600000000000i 0\n", line, StringComparison.Ordinal);
        Assert.Equal(line, KpiPointWriter.KpiLine(point with { }));
    }
}
