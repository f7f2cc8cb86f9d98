using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.Mqtt;

/// <summary>
/// Turns the line model into MQTT messages, one per machine per tick. Pure apart from the timestamp source:
/// with the virtual clock the same options give the same bytes.
/// </summary>
internal sealed class TelemetryMessageSource
{
    private readonly ProductionLine _line;
    private readonly TimestampSource _timestamps;
    private readonly TelemetryPayload _payload = new();
    private readonly MachineSample[] _samples;
    private readonly string[] _topics;

    public TelemetryMessageSource(SimulatorOptions options, TimeProvider time)
    {
        _line = new ProductionLine(new LineModelOptions
        {
            Machines = options.Machines,
            Seed = options.Seed,
            TickInterval = options.PublishInterval,
            Scenario = ScenarioCatalog.Get(options.Scenario),
        });
        _timestamps = options.UsesVirtualClock
            ? TimestampSource.Virtual(options.StartTime, options.PublishInterval)
            : TimestampSource.RealTime(time);
        _samples = new MachineSample[options.Machines];
        _topics = new string[options.Machines];
        for (var i = 0; i < _topics.Length; i++)
        {
            _topics[i] = TelemetryTopics.For(options.TopicPrefix, options.Site, options.Area, options.Line, ProductionLine.MachineName(i));
        }
    }

    public ProductionLine Line => _line;

    public int MessagesPerTick => _samples.Length;

    /// <summary>The messages of the next tick, appended to <paramref name="messages"/>.</summary>
    public void NextTick(List<SimulatedMessage> messages)
    {
        var tick = _line.Tick;
        var ts = _timestamps.UnixMilliseconds(tick);
        _line.Step(_samples);
        for (var i = 0; i < _samples.Length; i++)
        {
            messages.Add(new SimulatedMessage(_topics[i], _payload.Encode(ts, _samples[i]), i, _samples[i].Sequence, tick));
        }
    }
}
