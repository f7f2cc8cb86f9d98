namespace IIoT.Cloud.Kpi;

/// <summary>A machine held <paramref name="State"/> (the published name, or "unknown") over [FromNs, ToNs).</summary>
public sealed record StateSpan(long FromNs, long ToNs, string State);
