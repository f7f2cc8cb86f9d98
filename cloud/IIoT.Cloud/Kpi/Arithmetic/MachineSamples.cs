namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>
/// The raw samples of one machine needed to compute a bucket [b, b + L): every sample with a time in
/// [b - <see cref="KpiSettings.Lookback"/>, b + L) (more is harmless). The caller should pass each list sorted by
/// time; an unsorted list is sorted (stably) by the calculator, so out-of-order arrival does not matter.
/// Several samples with the same timestamp (a replayed batch) count once: the last one in the list wins.
/// </summary>
public sealed class MachineSamples
{
    /// <summary>State signal ("state").</summary>
    public List<StateSample> States { get; init; } = [];

    /// <summary>Total parts counter (monotonic; may reset to 0 or roll over).</summary>
    public List<NumberSample> PartsTotal { get; init; } = [];

    /// <summary>Good parts counter.</summary>
    public List<NumberSample> PartsGood { get; init; } = [];

    /// <summary>Rejected parts counter.</summary>
    public List<NumberSample> PartsReject { get; init; } = [];

    /// <summary>Ideal (design) cycle time in seconds per part.</summary>
    public List<NumberSample> IdealCycleTimeS { get; init; } = [];

    /// <summary>Electrical power in kW.</summary>
    public List<NumberSample> PowerKw { get; init; } = [];
}
