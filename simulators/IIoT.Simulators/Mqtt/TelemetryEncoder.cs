using IIoT.Simulators.Model;

namespace IIoT.Simulators.Mqtt;

/// <summary>
/// A line's samples as telemetry messages (topic + JSON payload with the machine's extra signals and tags): what the
/// MQTT front end publishes and what either front end writes to the truth file. Not thread-safe: one loop owns it.
/// </summary>
internal sealed class TelemetryEncoder
{
    private readonly TelemetryPayload _payload = new();
    private readonly string[] _topics;
    private readonly MachineExtras[] _extras;
    private readonly double[] _values;

    public TelemetryEncoder(SimulatedLine line, string topicPrefix)
    {
        var machines = line.Model.Machines;
        _topics = new string[machines];
        _extras = new MachineExtras[machines];
        var widest = 0;
        for (var i = 0; i < machines; i++)
        {
            var name = ProductionLine.MachineName(i);
            _topics[i] = TelemetryTopics.For(topicPrefix, line.Site, line.Area, line.Line, name);
            _extras[i] = MachineExtras.For(name, line.MachineSpecs[i]);
            widest = Math.Max(widest, _extras[i].Names.Length);
        }

        _values = new double[widest];
    }

    public int Machines => _topics.Length;

    public MachineExtras Extras(int machine) => _extras[machine];

    /// <param name="tick">Zero-based tick the sample was taken at; extra signals follow model time tick x interval.</param>
    /// <param name="frozen">Freeze faults to apply (MQTT), or null.</param>
    public SimulatedMessage Encode(long tick, double modelSeconds, long unixMilliseconds, MachineSample sample, FrozenSignals? frozen = null)
    {
        var i = sample.MachineIndex;
        var extras = _extras[i];
        var values = _values.AsSpan(0, extras.Names.Length);
        extras.Fill(tick, modelSeconds, values);
        if (frozen is { IsEmpty: false })
        {
            frozen.Apply(i, modelSeconds, ref sample, extras.Names, values);
        }

        return new SimulatedMessage(_topics[i], _payload.Encode(unixMilliseconds, sample, extras.Names, values), i, sample.Sequence, tick);
    }
}
