using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Kpi.Storage;

/// <summary>The field keys of a <see cref="KpiRollup"/> in kpi_rollup and kpi points, in one place for writer and readers.</summary>
internal static class RollupFields
{
    public const string RollupMeasurement = "kpi_rollup";
    public const string KpiMeasurement = "kpi";
    public const string StateMeasurement = "kpi_state";

    /// <summary>In <see cref="KpiRollup"/> constructor order; Stops and Failures are integers.</summary>
    public static readonly string[] Names =
    [
        "window_s", "planned_down_s", "unknown_s", "run_s", "idle_s", "setup_s", "fault_s", "stops", "failures",
        "parts_total", "parts_good", "parts_reject", "ideal_part_s", "energy_kwh", "power_known_s",
    ];

    public const int StopsIndex = 7;
    public const int FailuresIndex = 8;

    public static double[] Values(KpiRollup r) =>
    [
        r.WindowS, r.PlannedDownS, r.UnknownS, r.RunS, r.IdleS, r.SetupS, r.FaultS, r.Stops, r.Failures,
        r.PartsTotal, r.PartsGood, r.PartsReject, r.IdealPartS, r.EnergyKwh, r.PowerKnownS,
    ];

    public static KpiRollup FromValues(double[] v) => new(
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], (int)Math.Round(v[7]), (int)Math.Round(v[8]),
        v[9], v[10], v[11], v[12], v[13], v[14]);

    /// <summary>"sum("window_s") AS "window_s", ..." for a SELECT over kpi_rollup.</summary>
    public static string SumSelect { get; } = string.Join(", ", Names.Select(n => $"sum({InfluxQl.Identifier(n)}) AS {InfluxQl.Identifier(n)}"));
}
