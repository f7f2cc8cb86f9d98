using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Kpi;

/// <summary>
/// The KPIs of one asset over one window. Area, Line and Machine are "" above the row's level. FromNs/ToNs are the
/// window (a shift or day: its whole calendar range); ComputedNs is the end of the data it holds (the last complete
/// bucket; for a finished window, its end) -- a data time, not a wall clock, so that replicas write identical points.
/// Figures are derived from Totals (ratios from sums); Complete is false when unknown time exceeds 1 % of the
/// scheduled time or a loss record overlaps the window.
/// </summary>
public sealed record KpiRow(
    string Level, string Site, string Area, string Line, string Machine, string Window, string? Shift,
    long FromNs, long ToNs, KpiFigures Figures, KpiRollup Totals, bool Complete, double? Coverage, long ComputedNs);
