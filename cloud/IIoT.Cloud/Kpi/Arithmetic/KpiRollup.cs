namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>
/// Additive totals of one machine over one bucket (or, summed with <see cref="Add"/>, of any set of machines and
/// buckets). All durations are in seconds; every field is a plain sum, so a window computed directly equals the sum
/// of its buckets and a line equals the sum of its machines. Ratios are derived by <see cref="KpiFigures.From"/>.
/// The time fields partition the window: WindowS = PlannedDownS + UnknownS + RunS + IdleS + SetupS + FaultS.
/// </summary>
/// <param name="WindowS">Length of the bucket (per machine: machine-seconds when summed over machines).</param>
/// <param name="PlannedDownS">Planned downtime: calendar time outside shifts or in breaks (unless running), plus
/// state planned_stop.</param>
/// <param name="UnknownS">Time with no usable state (no sample within MaxSampleGap, bad quality, unmapped name),
/// outside planned downtime.</param>
/// <param name="RunS">Running time.</param>
/// <param name="IdleS">Idle time (unplanned downtime).</param>
/// <param name="SetupS">Setup/changeover time (unplanned downtime).</param>
/// <param name="FaultS">Fault time (unplanned downtime).</param>
/// <param name="Stops">Stops that start in the bucket (a stop = a maximal stretch of Idle/Setup/Fault).</param>
/// <param name="Failures">Entries into Fault in the bucket.</param>
/// <param name="PartsTotal">Total-counter increase attributed to the bucket (reset- and rollover-corrected).</param>
/// <param name="PartsGood">Good-counter increase.</param>
/// <param name="PartsReject">Reject-counter increase.</param>
/// <param name="IdealPartS">Sum over total-counter deltas of delta x ideal cycle time in force (seconds).</param>
/// <param name="EnergyKwh">Integral of power over the bucket (power held at most MaxSampleGap), kWh.</param>
/// <param name="PowerKnownS">Time in the bucket where power was known.</param>
public sealed record KpiRollup(
    double WindowS,
    double PlannedDownS,
    double UnknownS,
    double RunS,
    double IdleS,
    double SetupS,
    double FaultS,
    int Stops,
    int Failures,
    double PartsTotal,
    double PartsGood,
    double PartsReject,
    double IdealPartS,
    double EnergyKwh,
    double PowerKnownS)
{
    /// <summary>All zeros: the neutral element of <see cref="Add"/>.</summary>
    public static KpiRollup Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Field-by-field sum (machines of a line, buckets of a window).</summary>
    public KpiRollup Add(KpiRollup other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new KpiRollup(
            WindowS + other.WindowS,
            PlannedDownS + other.PlannedDownS,
            UnknownS + other.UnknownS,
            RunS + other.RunS,
            IdleS + other.IdleS,
            SetupS + other.SetupS,
            FaultS + other.FaultS,
            Stops + other.Stops,
            Failures + other.Failures,
            PartsTotal + other.PartsTotal,
            PartsGood + other.PartsGood,
            PartsReject + other.PartsReject,
            IdealPartS + other.IdealPartS,
            EnergyKwh + other.EnergyKwh,
            PowerKnownS + other.PowerKnownS);
    }

    /// <summary>Sum of many rollups (Zero for none).</summary>
    public static KpiRollup Sum(IEnumerable<KpiRollup> rollups)
    {
        ArgumentNullException.ThrowIfNull(rollups);
        var sum = Zero;
        foreach (var rollup in rollups)
        {
            sum = sum.Add(rollup);
        }
        return sum;
    }
}
