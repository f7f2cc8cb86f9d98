using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Kpi.Storage;

/// <summary>
/// The KPIs of one asset over one window as written to measurement kpi. <paramref name="Asset"/> has empty parts
/// above the level (a line: no machine; a site: only the site). <paramref name="Range"/> is the whole window,
/// <paramref name="AsOfNs"/> the end of the data it holds (for a calendar window still going on: the end of the
/// last complete bucket).
/// </summary>
internal sealed record KpiWindowPoint(
    string Level, MachineKey Asset, string Window, string? Shift, TimeRange Range, long AsOfNs, long TimeNs,
    KpiRollup Totals, KpiFigures Figures, bool Complete);
