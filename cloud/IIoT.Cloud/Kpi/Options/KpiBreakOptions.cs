namespace IIoT.Cloud.Kpi.Options;

public sealed class KpiBreakOptions
{
    /// <summary>Local start time, "HH:mm".</summary>
    public string Start { get; set; } = "";

    /// <summary>Local end time, "HH:mm".</summary>
    public string End { get; set; } = "";
}
