namespace IIoT.Simulators.Model;

/// <summary>What a machine is doing; the wire names are the lower-case forms (see <see cref="MachineStateNames"/>).</summary>
internal enum MachineState
{
    Running,
    Idle,
    Setup,
    Fault,

    /// <summary>Planned downtime (break, shift change): not an availability loss in OEE.</summary>
    PlannedStop,
}
