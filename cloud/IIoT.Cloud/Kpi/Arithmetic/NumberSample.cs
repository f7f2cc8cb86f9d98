namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>One raw sample of a numeric signal (counter, ideal cycle time, power).</summary>
/// <param name="TimeNs">Source timestamp, Unix nanoseconds.</param>
/// <param name="Value">The value (ignored when <paramref name="Good"/> is false).</param>
/// <param name="Good">True when the quality is good and a value is present.</param>
public readonly record struct NumberSample(long TimeNs, double Value, bool Good);
