namespace IIoT.Simulators.Model;

internal static class MachineStateNames
{
    public static string ToWireName(this MachineState state) => state switch
    {
        MachineState.Running => "running",
        MachineState.Idle => "idle",
        MachineState.Setup => "setup",
        MachineState.Fault => "fault",
        MachineState.PlannedStop => "planned_stop",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
