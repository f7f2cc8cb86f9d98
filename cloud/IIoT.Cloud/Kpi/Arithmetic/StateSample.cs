namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>One raw sample of a machine's state signal.</summary>
/// <param name="TimeNs">Source timestamp, Unix nanoseconds.</param>
/// <param name="State">The state name as published ("running", "idle", "setup", "fault", "planned_stop", ...).</param>
/// <param name="Good">True when the quality is good and a value is present; a sample that is not good makes the
/// machine's condition unknown from its timestamp until the next sample.</param>
public readonly record struct StateSample(long TimeNs, string State, bool Good);
