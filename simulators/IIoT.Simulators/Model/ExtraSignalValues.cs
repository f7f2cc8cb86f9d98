namespace IIoT.Simulators.Model;

/// <summary>
/// Values of a scenario's extra signals and tags, shared by the front ends so that OPC UA and MQTT carry the same
/// numbers for the same scenario and tick. Pure functions of (machine, signal, tick): no randomness.
/// </summary>
internal static class ExtraSignalValues
{
    /// <summary>
    /// A phase per machine and signal so that machines of a type do not move in lock-step.
    /// Not string.GetHashCode: it is randomised per process, and the same scenario must give the same values.
    /// </summary>
    public static double Phase(string machineName, int signalIndex) =>
        (machineName.Sum(c => (int)c) * 0.37 + signalIndex * 0.9) % (2 * Math.PI);

    /// <summary>Sinusoid around the middle of [Min, Max] (80 % of the range) with the signal's period of model time.</summary>
    public static double Value(ExtraSignalSpec spec, double phase, double modelSeconds)
    {
        var mid = (spec.Min + spec.Max) / 2;
        var amplitude = (spec.Max - spec.Min) * 0.4;
        return Math.Round(mid + amplitude * Math.Sin(2 * Math.PI * modelSeconds / Math.Max(spec.Period.TotalSeconds, 1) + phase), 3);
    }

    /// <summary>Generic load-test tags: a distinct value every tick (tick + tag/100000), cheap to compute.</summary>
    public static double Tag(long tick, int tagIndex) => tick + tagIndex * 1e-5;
}
