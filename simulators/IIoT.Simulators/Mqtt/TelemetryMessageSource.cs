using System.Text.Json;
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
    private readonly TelemetryPayload _payload = new();
    private readonly MachineSample[] _samples;
    private readonly string[] _topics;
    private readonly MachineExtras[] _extras;
    private readonly double[] _values;
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
        _topics = new string[machines];
        _extras = new MachineExtras[machines];
        var widest = 0;
        for (var i = 0; i < machines; i++)
        {
            var name = ProductionLine.MachineName(i);
            _topics[i] = TelemetryTopics.For(options.TopicPrefix, line.Site, line.Area, line.Line, name);
            _extras[i] = MachineExtras.For(name, line.MachineSpecs[i]);
            widest = Math.Max(widest, _extras[i].Names.Length);
        }

        _values = new double[widest];
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
        for (var i = 0; i < _samples.Length; i++)
        {
            var extras = _extras[i];
            var values = _values.AsSpan(0, extras.Names.Length);
            extras.Fill(tick, modelSeconds, values);
            var sample = _samples[i];
            if (!_frozen.IsEmpty)
            {
                _frozen.Apply(i, modelSeconds, ref sample, extras.Names, values);
            }

            messages.Add(new SimulatedMessage(_topics[i], _payload.Encode(ts, sample, extras.Names, values), i, sample.Sequence, tick));
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
            .Where(i => (all || ProductionLine.MachineName(i) == machine) && FrozenSignals.Knows(signal, _extras[i].Names))
            .ToList();
        return found.Count > 0 ? found : throw new ArgumentException($"No signal '{signal}' on machine '{machine ?? "*"}'.");
    }

    /// <summary>A machine's extra JSON fields: the type's extra signals, then its generic tags; names encoded once.</summary>
    private sealed class MachineExtras
    {
        private readonly ExtraSignalSpec[] _signals;
        private readonly double[] _phases;

        private MachineExtras(ExtraSignalSpec[] signals, double[] phases, JsonEncodedText[] names)
        {
            _signals = signals;
            _phases = phases;
            Names = names;
        }

        public JsonEncodedText[] Names { get; }

        public static MachineExtras For(string machine, MachineTypeSpec spec)
        {
            var signals = spec.ExtraSignals.ToArray();
            var names = signals.Select(s => JsonEncodedText.Encode(s.Name))
                .Concat(Enumerable.Range(0, spec.ExtraTags).Select(t => JsonEncodedText.Encode(SignalNames.Tag(t))))
                .ToArray();
            return new MachineExtras(signals, [.. signals.Select((_, k) => ExtraSignalValues.Phase(machine, k))], names);
        }

        public void Fill(long tick, double modelSeconds, Span<double> values)
        {
            for (var k = 0; k < _signals.Length; k++)
            {
                values[k] = ExtraSignalValues.Value(_signals[k], _phases[k], modelSeconds);
            }

            for (var t = 0; t < values.Length - _signals.Length; t++)
            {
                values[_signals.Length + t] = ExtraSignalValues.Tag(tick, t);
            }
        }
    }
}
