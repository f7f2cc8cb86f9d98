using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Kpi.Options;

/// <summary>The "Cloud:Kpi" section: how often and at what resolution KPIs are computed, and the sites' calendars.</summary>
public sealed class KpiOptions
{
    public const string SectionName = "Cloud:Kpi";

    /// <summary>Off: no KPI computation (the API answers empty lists).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each replica recomputes the recent buckets and the windows.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Rollup resolution: a whole number of seconds dividing 15 minutes, and dividing or a multiple of a minute.</summary>
    public TimeSpan BucketLength { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Complete buckets recomputed every cycle (data arriving later than that marks its bucket dirty).</summary>
    public int RecentBuckets { get; set; } = 3;

    /// <summary>At start a replica recomputes since the start of the current day and shift, at most this far back.</summary>
    public TimeSpan StartupLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A state, power or ideal cycle time sample holds at most this long.</summary>
    public TimeSpan MaxSampleGap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A counter delta is counted only when the previous good sample is at most this old.</summary>
    public TimeSpan MaxCounterGap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The parts counters wrap to 0 after this value.</summary>
    public double CounterRollover { get; set; } = 4294967296d;

    /// <summary>Unknown time above this share of the scheduled time makes a window incomplete.</summary>
    public double MaxUnknownShare { get; set; } = 0.01;

    /// <summary>Timeout of one InfluxQL query.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries while InfluxDB fails.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Measurement names of each input (the MQTT and the OPC UA simulator names by default).</summary>
    public KpiSignalOptions Signals { get; set; } = new();

    /// <summary>State names added to or overriding the default mapping (running, idle, setup, fault, planned_stop, ...).</summary>
    public Dictionary<string, MachineCondition> States { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Shift calendars; a site without an entry is UTC with one 24 h shift "day".</summary>
    public List<KpiSiteOptions> Sites { get; set; } = [];

    /// <summary>The arithmetic's settings from these options.</summary>
    public KpiSettings ToSettings()
    {
        var states = new Dictionary<string, MachineCondition>(KpiSettings.DefaultStates.Count + States.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, condition) in KpiSettings.DefaultStates)
        {
            states[name] = condition;
        }
        foreach (var (name, condition) in States)
        {
            states[name] = condition;
        }
        return new KpiSettings
        {
            MaxSampleGap = MaxSampleGap,
            MaxCounterGap = MaxCounterGap,
            CounterRollover = CounterRollover,
            MaxUnknownShare = MaxUnknownShare,
            States = states,
        };
    }
}
