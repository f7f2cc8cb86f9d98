using System.Diagnostics.Metrics;

namespace IIoT.Simulators;

/// <summary>Counters of the simulator (meter "IIoT.Simulators"), readable with dotnet-counters or a MeterListener.</summary>
internal sealed class SimulatorMetrics : IDisposable
{
    public const string MeterName = "IIoT.Simulators";

    private readonly Meter _meter;

    public SimulatorMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        Generated = _meter.CreateCounter<long>("iiot.simulator.messages.generated", "{message}", "Telemetry messages produced by the line model");
        Acknowledged = _meter.CreateCounter<long>("iiot.simulator.messages.acknowledged", "{message}", "Messages the broker acknowledged (counted once each)");
        Resent = _meter.CreateCounter<long>("iiot.simulator.messages.resent", "{message}", "Unacknowledged messages queued again after a connection failure");
        Connects = _meter.CreateCounter<long>("iiot.simulator.connects", "{connection}", "Successful connections to the broker");
    }

    public Meter Meter => _meter;

    public Counter<long> Generated { get; }
    public Counter<long> Acknowledged { get; }
    public Counter<long> Resent { get; }
    public Counter<long> Connects { get; }

    public void Dispose() => _meter.Dispose();
}
