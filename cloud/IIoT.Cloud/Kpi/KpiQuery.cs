namespace IIoT.Cloud.Kpi;

/// <summary>Filters of a KPI query; null means any. Window: 15m, 1h, shift, day. Level: machine, line, site.</summary>
public sealed record KpiQuery(string? Site = null, string? Line = null, string? Machine = null, string? Window = null, string? Level = null);
