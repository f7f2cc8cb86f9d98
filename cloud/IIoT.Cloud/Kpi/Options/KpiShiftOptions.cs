namespace IIoT.Cloud.Kpi.Options;

public sealed class KpiShiftOptions
{
    public string Name { get; set; } = "";

    /// <summary>Local start time, "HH:mm".</summary>
    public string Start { get; set; } = "";

    /// <summary>Local end time, "HH:mm" (at or before the start: the next day).</summary>
    public string End { get; set; } = "";
}
