namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>
/// A stop: a maximal stretch of unplanned downtime (Idle, Setup or Fault, in any order) of one machine.
/// </summary>
/// <param name="FromNs">Start (the first instant of Idle/Setup/Fault after Running, Planned or Unknown).</param>
/// <param name="ToNs">End (the machine runs again, enters planned downtime, or its state becomes unknown); clipped to
/// the end of the range asked for when the stop is still going on.</param>
/// <param name="Condition">Fault when the stop holds any fault time, else Setup when it holds setup time, else Idle.</param>
/// <param name="State">The state name of the first sample in the stop with that condition.</param>
public sealed record Stop(long FromNs, long ToNs, MachineCondition Condition, string State)
{
    /// <summary>Length in seconds.</summary>
    public double DurationS => (ToNs - FromNs) / 1e9;
}
