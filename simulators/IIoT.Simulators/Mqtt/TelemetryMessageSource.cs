using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.Mqtt;

/// <summary>
/// Turns the line model into MQTT messages, one per machine per tick, each carrying all of the machine's signals
/// (fixed fields, then the scenario's extra signals and tags). Pure apart from the timestamp source: with the virtual
/// clock the same options give the same bytes.
/// </summary>
internal sealed class TelemetryMessageSource
{
    private readonly SimulatedLine _simulated;
    private readonly ProductionLine _line;
    private readonly TimestampSource _timestamps;
    private readonly TelemetryEncoder _encoder;
    private readonly MachineSample[] _samples;
    private readonly FrozenSignals _frozen = new();

    public TelemetryMessageSource(SimulatorOptions options, TimeProvider time)
        : this(options.ResolveLine(), options, time)
    {
    }

    public TelemetryMessageSource(SimulatedLine line, SimulatorOptions options, TimeProvider time)
    {
        _simulated = line;
        _line = new ProductionLine(line.Model);
        var machines = line.Model.Machines;
        _timestamps = options.UsesVirtualClock
            ? TimestampSource.Virtual(options.StartTime, line.Model.TickInterval)
            : TimestampSource.RealTime(time);
        _samples = new MachineSample[machines];
        _encoder = new TelemetryEncoder(line, options.TopicPrefix);
    }

    public ProductionLine Line => _line;

    public SimulatedLine Simulated => _simulated;

    public int MessagesPerTick => _samples.Length;

    /// <summary>The messages of the next tick, appended to <paramref name="messages"/>.</summary>
    public void NextTick(List<SimulatedMessage> messages)
    {
        var tick = _line.Tick;
        var ts = _timestamps.UnixMilliseconds(tick);
        var modelSeconds = tick * _line.Options.TickInterval.TotalSeconds;
        _line.Step(_samples);
        foreach (var sample in _samples)
        {
            messages.Add(_encoder.Encode(tick, modelSeconds, ts, sample, _frozen));
        }
    }

    /// <summary>Model time of the next tick (scheduled faults are due when it reaches their At).</summary>
    public TimeSpan NextTickTime => _line.Options.TickInterval * _line.Tick;

    /// <summary>Freeze fault: the signal keeps its next value until <paramref name="duration"/> of model time has passed (null = until cleared).</summary>
    /// <param name="machine">m01.., or "*" / null for every machine that has the signal.</param>
    /// <exception cref="ArgumentException">No such machine or signal.</exception>
    public void Freeze(string? machine, string signal, TimeSpan? duration)
    {
        var until = duration is { } d ? (NextTickTime + d).TotalSeconds : double.PositiveInfinity;
        foreach (var i in Targets(machine, signal))
        {
            _frozen.Freeze(i, signal, until);
        }
    }

    public void Clear(string? machine, string signal)
    {
        foreach (var i in Targets(machine, signal))
        {
            _frozen.Clear(i, signal);
        }
    }

    private List<int> Targets(string? machine, string signal)
    {
        var all = machine is null or "*";
        var found = Enumerable.Range(0, _samples.Length)
            .Where(i => (all || ProductionLine.MachineName(i) == machine) && FrozenSignals.Knows(signal, _encoder.Extras(i).Names))
            .ToList();
        return found.Count > 0 ? found : throw new ArgumentException($"No signal '{signal}' on machine '{machine ?? "*"}'.");
    }
}
