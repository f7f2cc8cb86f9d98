using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>
/// One window to write: its kind, shift name, whole range, the part with data (<paramref name="Summed"/>: from its
/// start to the last complete bucket), its timestamp, and the site it belongs to (null: every site, rolling windows).
/// </summary>
internal sealed record KpiWindowSpec(string Window, string? Shift, TimeRange Range, TimeRange Summed, long TimeNs, string? Site);
