namespace IIoT.Cloud.Kpi.Options;

/// <summary>
/// Measurement names (aliases) of each KPI input. An empty list means the default; samples of all aliases of an
/// input are merged by time (a machine publishes one of them).
/// </summary>
public sealed class KpiSignalOptions
{
    public List<string> State { get; set; } = [];

    public List<string> PartsTotal { get; set; } = [];

    public List<string> PartsGood { get; set; } = [];

    public List<string> PartsReject { get; set; } = [];

    public List<string> IdealCycleTimeS { get; set; } = [];

    public List<string> PowerKw { get; set; } = [];

    // Defaults apply when nothing is configured: binding a list with default items would append to them.
    internal IReadOnlyList<string> EffectiveState => Or(State, "state");

    internal IReadOnlyList<string> EffectivePartsTotal => Or(PartsTotal, "parts_total");

    internal IReadOnlyList<string> EffectivePartsGood => Or(PartsGood, "parts_good");

    internal IReadOnlyList<string> EffectivePartsReject => Or(PartsReject, "parts_reject");

    internal IReadOnlyList<string> EffectiveIdealCycleTimeS => Or(IdealCycleTimeS, "ideal_cycle_time_s", "ideal_cycle_time");

    internal IReadOnlyList<string> EffectivePowerKw => Or(PowerKw, "power_kw", "power");

    private static IReadOnlyList<string> Or(List<string> configured, params string[] defaults) => configured.Count > 0 ? configured : defaults;
}
