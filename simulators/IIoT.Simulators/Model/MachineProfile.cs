namespace IIoT.Simulators.Model;

/// <summary>
/// The behaviour of one machine type. Failure and starvation clocks count running time only, as MTBF is
/// defined over operating time (a stopped machine does not wear).
/// </summary>
internal sealed record MachineProfile
{
    public required string Type { get; init; }
    public TimeSpan IdealCycleTime { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>Actual cycle = ideal x slowdown; the slowdown wanders slowly (mean-reverting) inside these bounds.</summary>
    public double MinSlowdown { get; init; } = 1.0;
    public double MaxSlowdown { get; init; } = 1.3;
    public double MeanSlowdown { get; init; } = 1.12;

    public TimeSpan MeanTimeBetweenFailures { get; init; } = TimeSpan.FromMinutes(45);
    public TimeSpan MeanTimeToRepair { get; init; } = TimeSpan.FromMinutes(4);

    public int PartsPerSetup { get; init; } = 500;
    public TimeSpan MinSetupTime { get; init; } = TimeSpan.FromMinutes(6);
    public TimeSpan MaxSetupTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Upstream starvation: the machine runs dry now and then and waits idle for material.</summary>
    public TimeSpan MeanTimeBetweenStarvation { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan MinStarvationTime { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxStarvationTime { get; init; } = TimeSpan.FromMinutes(3);

    public double RejectProbability { get; init; } = 0.02;

    public double SpindleSpeedRpm { get; init; } = 8000;

    public double RunningPowerKw { get; init; } = 7.5;
    public double IdlePowerKw { get; init; } = 1.2;
    public double SetupPowerKw { get; init; } = 2.0;
    public double FaultPowerKw { get; init; } = 0.6;

    public double AmbientTemperatureC { get; init; } = 24;
    public double RunningTemperatureC { get; init; } = 62;
    public double IdleTemperatureC { get; init; } = 38;
    public double SetupTemperatureC { get; init; } = 34;
    public double FaultTemperatureC { get; init; } = 30;

    /// <summary>Thermal time constant of the first-order lag toward the state's target temperature.</summary>
    public TimeSpan ThermalTimeConstant { get; init; } = TimeSpan.FromMinutes(5);
}
