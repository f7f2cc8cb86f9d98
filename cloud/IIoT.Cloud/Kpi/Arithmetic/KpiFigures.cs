namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>
/// The KPIs of a summed <see cref="KpiRollup"/> (one machine, line or site over one window). Ratios are computed
/// from the sums, never averaged. A figure is null when it is undefined (its denominator is 0). See "KPI definitions" in README.md.
/// </summary>
/// <param name="PlannedProductionS">WindowS - PlannedDownS - UnknownS = RunS + unplanned downtime.</param>
/// <param name="PlannedDownS">Planned downtime.</param>
/// <param name="UnplannedDownS">IdleS + SetupS + FaultS.</param>
/// <param name="Availability">RunS / PlannedProductionS; null when PlannedProductionS = 0.</param>
/// <param name="Performance">IdealPartS / RunS (not clamped: above 1 means the ideal cycle time is set too long);
/// null when RunS = 0.</param>
/// <param name="Quality">PartsGood / PartsTotal; null when PartsTotal = 0.</param>
/// <param name="Oee">Availability x Performance x Quality; 0 when Availability or Performance is 0; null when
/// any factor is null otherwise.</param>
/// <param name="Stops">Number of stops that started in the window.</param>
/// <param name="MeanStopS">UnplannedDownS / Stops; null when Stops = 0.</param>
/// <param name="Failures">Number of entries into Fault.</param>
/// <param name="MtbfS">RunS / Failures; null when Failures = 0.</param>
/// <param name="MttrS">FaultS / Failures; null when Failures = 0.</param>
/// <param name="ThroughputPerHour">PartsTotal per hour of known time (WindowS - UnknownS); null when that is 0.</param>
/// <param name="ScrapRate">PartsReject / PartsTotal; null when PartsTotal = 0.</param>
/// <param name="EnergyPerGoodPartKwh">EnergyKwh / PartsGood; null when no power was measured (PowerKnownS = 0) or
/// PartsGood = 0.</param>
/// <param name="Coverage">1 - UnknownS / (WindowS - PlannedDownS); null when there is no scheduled time.</param>
/// <param name="CoverageComplete">Unknown time is at most MaxUnknownShare (1 %) of the scheduled time (true when
/// there is no scheduled time). The caller also marks a window incomplete when a loss record overlaps it.</param>
public sealed record KpiFigures(
    double PlannedProductionS,
    double PlannedDownS,
    double UnplannedDownS,
    double? Availability,
    double? Performance,
    double? Quality,
    double? Oee,
    int Stops,
    double? MeanStopS,
    int Failures,
    double? MtbfS,
    double? MttrS,
    double? ThroughputPerHour,
    double? ScrapRate,
    double? EnergyPerGoodPartKwh,
    double? Coverage,
    bool CoverageComplete)
{
    /// <summary>The figures of a summed rollup, with the default unknown-time limit (1 %).</summary>
    public static KpiFigures From(KpiRollup sum) => From(sum, 0.01);

    /// <summary>The figures of a summed rollup; <paramref name="maxUnknownShare"/> = <see cref="KpiSettings.MaxUnknownShare"/>.</summary>
    public static KpiFigures From(KpiRollup sum, double maxUnknownShare)
    {
        ArgumentNullException.ThrowIfNull(sum);
        var plannedProduction = sum.RunS + sum.IdleS + sum.SetupS + sum.FaultS;
        var unplannedDown = sum.IdleS + sum.SetupS + sum.FaultS;
        var availability = Ratio(sum.RunS, plannedProduction);
        var performance = Ratio(sum.IdealPartS, sum.RunS);
        var quality = Ratio(sum.PartsGood, sum.PartsTotal);
        double? oee = availability == 0 || performance == 0
            ? 0
            : availability * performance * quality;
        var scheduled = sum.WindowS - sum.PlannedDownS;
        double? coverage = scheduled > 0 ? Math.Clamp(1 - sum.UnknownS / scheduled, 0, 1) : null;
        return new KpiFigures(
            PlannedProductionS: plannedProduction,
            PlannedDownS: sum.PlannedDownS,
            UnplannedDownS: unplannedDown,
            Availability: availability,
            Performance: performance,
            Quality: quality,
            Oee: oee,
            Stops: sum.Stops,
            MeanStopS: sum.Stops > 0 ? unplannedDown / sum.Stops : null,
            Failures: sum.Failures,
            MtbfS: sum.Failures > 0 ? sum.RunS / sum.Failures : null,
            MttrS: sum.Failures > 0 ? sum.FaultS / sum.Failures : null,
            ThroughputPerHour: Ratio(sum.PartsTotal, (sum.WindowS - sum.UnknownS) / 3600d),
            ScrapRate: Ratio(sum.PartsReject, sum.PartsTotal),
            EnergyPerGoodPartKwh: sum.PowerKnownS > 0 ? Ratio(sum.EnergyKwh, sum.PartsGood) : null,
            Coverage: coverage,
            // A tiny tolerance: the unknown time is a sum of doubles and must not flip exactly at the limit.
            CoverageComplete: scheduled <= 0 || sum.UnknownS <= maxUnknownShare * scheduled + 1e-9);
    }

    // Time sums may carry rounding noise around 0; treat a denominator below a nanosecond-ish epsilon as zero.
    private static double? Ratio(double numerator, double denominator) =>
        denominator > 1e-12 ? numerator / denominator : null;
}
