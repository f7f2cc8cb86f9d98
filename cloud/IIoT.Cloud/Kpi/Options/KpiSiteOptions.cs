namespace IIoT.Cloud.Kpi.Options;

/// <summary>The shift calendar of one site of one tenant.</summary>
public sealed class KpiSiteOptions
{
    public string Tenant { get; set; } = "";

    /// <summary>The site tag of the machines' points.</summary>
    public string Site { get; set; } = "";

    /// <summary>IANA time zone id, e.g. "Europe/Berlin".</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Daily shifts ("HH:mm"; an end at or before the start ends the next day). None: one 24 h shift "day".</summary>
    public List<KpiShiftOptions> Shifts { get; set; } = [];

    /// <summary>Daily breaks (planned downtime).</summary>
    public List<KpiBreakOptions> Breaks { get; set; } = [];
}
