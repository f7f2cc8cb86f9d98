namespace IIoT.Simulators.Model;

/// <summary>One observation of a machine, taken once per tick.</summary>
internal readonly record struct MachineSample(
    int MachineIndex,
    long Sequence,
    MachineState State,
    long PartsTotal,
    long PartsGood,
    long PartsReject,
    double IdealCycleTimeS,
    double ActualCycleTimeS,
    double TemperatureC,
    double SpindleSpeedRpm,
    double PowerKw);
