namespace IIoT.Simulators.Model;

/// <summary>
/// A named set of machine types laid out along a line; machine i gets type i modulo the number of types.
/// Later scenarios (scripted faults, shift patterns) grow from here.
/// </summary>
internal sealed record LineScenario(string Name, IReadOnlyList<MachineProfile> MachineTypes)
{
    public MachineProfile ProfileFor(int machineIndex) => MachineTypes[machineIndex % MachineTypes.Count];
}
