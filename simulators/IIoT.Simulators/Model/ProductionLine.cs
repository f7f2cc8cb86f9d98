namespace IIoT.Simulators.Model;

/// <summary>
/// A line of machines advanced in fixed virtual ticks. Knows nothing about MQTT or OPC UA: front ends read
/// samples from here. Not thread-safe: one loop owns it.
/// </summary>
internal sealed class ProductionLine
{
    private readonly Machine[] _machines;
    private readonly PlannedStopSchedule? _planned;

    public ProductionLine(LineModelOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Machines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TickInterval, TimeSpan.Zero);
        Options = options;
        _planned = options.PlannedStops.Count > 0 ? new PlannedStopSchedule(options.PlannedStops) : null;
        _machines = new Machine[options.Machines];
        for (var i = 0; i < _machines.Length; i++)
        {
            _machines[i] = new Machine(i, MachineName(i), options.Scenario.ProfileFor(i), SeededRandom.MachineSeed(options.Seed, i));
            if (_planned is not null)
            {
                _machines[i].AlignWithPlannedStops(_planned, 0);
            }
        }
    }

    public LineModelOptions Options { get; }

    public IReadOnlyList<Machine> Machines => _machines;

    /// <summary>Ticks completed so far.</summary>
    public long Tick { get; private set; }

    /// <summary>m01, m02, ... (three digits from the 100th machine on).</summary>
    public static string MachineName(int index) => "m" + (index + 1).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Takes one sample per machine (into <paramref name="samples"/>), then advances the line by one tick.</summary>
    public void Step(Span<MachineSample> samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples.Length, _machines.Length);
        for (var i = 0; i < _machines.Length; i++)
        {
            samples[i] = _machines[i].TakeSample();
            _machines[i].Advance(Options.TickInterval, _planned, Tick * Options.TickInterval.TotalSeconds);
        }
        Tick++;
    }
}
