namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>What a state name means for the KPIs (mapping in <see cref="KpiSettings.States"/>).</summary>
public enum MachineCondition
{
    /// <summary>Producing: run time.</summary>
    Running,

    /// <summary>Unplanned downtime: ready but not producing (starved, blocked, waiting for an operator).</summary>
    Idle,

    /// <summary>Unplanned downtime: changeover / setup.</summary>
    Setup,

    /// <summary>Unplanned downtime: breakdown; each entry into Fault is a failure (MTBF/MTTR).</summary>
    Fault,

    /// <summary>Planned downtime (break, planned maintenance, no order): excluded from planned production time.</summary>
    Planned,

    /// <summary>No usable data (no sample within the maximum gap, bad quality, or a state name that is not mapped).</summary>
    Unknown,
}
