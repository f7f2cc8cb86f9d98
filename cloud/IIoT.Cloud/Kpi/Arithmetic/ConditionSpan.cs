namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>A stretch of time in which a machine held one condition and state name (a state timeline entry).</summary>
/// <param name="FromNs">Start (inclusive), Unix ns.</param>
/// <param name="ToNs">End (exclusive), Unix ns.</param>
/// <param name="Condition">The effective condition (calendar planned downtime applied when given).</param>
/// <param name="State">The raw state name; "unknown" where no usable sample holds.</param>
public sealed record ConditionSpan(long FromNs, long ToNs, MachineCondition Condition, string State);
