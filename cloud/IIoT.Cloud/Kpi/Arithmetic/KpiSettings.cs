namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Settings of the KPI arithmetic (a plain options object; K2 fills it from Cloud:Kpi).</summary>
public sealed class KpiSettings
{
    /// <summary>The default state name mapping (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, MachineCondition> DefaultStates { get; } =
        new Dictionary<string, MachineCondition>(StringComparer.OrdinalIgnoreCase)
        {
            ["running"] = MachineCondition.Running,
            ["idle"] = MachineCondition.Idle,
            ["setup"] = MachineCondition.Setup,
            ["fault"] = MachineCondition.Fault,
            ["planned_stop"] = MachineCondition.Planned,
            ["planned"] = MachineCondition.Planned,
            ["break"] = MachineCondition.Planned,
            ["maintenance"] = MachineCondition.Planned,
        };

    /// <summary>A state, power or ideal-cycle-time sample holds for at most this long after its timestamp
    /// (until the next sample of the signal, if that comes earlier). Default 30 s.</summary>
    public TimeSpan MaxSampleGap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A counter delta is only counted when the previous good sample of the counter is at most this old;
    /// parts made during a longer gap are not attributed. Default 10 minutes.</summary>
    public TimeSpan MaxCounterGap { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The counter wraps to 0 after reaching this value (default 2^32).</summary>
    public double CounterRollover { get; init; } = 4294967296d;

    /// <summary>A counter drop is a rollover (not a reset) when the previous value was at least
    /// (1 - this) x <see cref="CounterRollover"/>. Default 0.01 (within 1 %).</summary>
    public double RolloverBand { get; init; } = 0.01;

    /// <summary>Unknown time above this share of the scheduled time (window minus planned downtime) makes a window
    /// incomplete. Default 0.01 (1 %).</summary>
    public double MaxUnknownShare { get; init; } = 0.01;

    /// <summary>State name -> condition (case-insensitive lookup); names not listed are <see cref="MachineCondition.Unknown"/>.</summary>
    public IReadOnlyDictionary<string, MachineCondition> States { get; init; } = DefaultStates;

    /// <summary>How far before a bucket the caller must fetch samples: max(MaxSampleGap, MaxCounterGap).</summary>
    public TimeSpan Lookback => MaxSampleGap > MaxCounterGap ? MaxSampleGap : MaxCounterGap;

    /// <summary>The condition of a state name.</summary>
    public MachineCondition Classify(string? state)
    {
        if (state is null)
        {
            return MachineCondition.Unknown;
        }
        if (States.TryGetValue(state, out var condition))
        {
            return condition;
        }
        // A caller-supplied dictionary may be case-sensitive; the documented lookup is not.
        foreach (var pair in States)
        {
            if (string.Equals(pair.Key, state, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }
        return MachineCondition.Unknown;
    }
}
