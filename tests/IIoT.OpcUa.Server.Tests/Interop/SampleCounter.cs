using System.Diagnostics.Metrics;

namespace IIoT.OpcUa.Server.Tests.Interop;

/// <summary>
/// Counts the values our server's sampling loops read (metric opcua.server.samples) for the servers that use this as
/// their meter factory only, so the test's counters can wait until a change has been sampled before the next one: on a
/// loaded machine a stalled sampling timer would otherwise see two changes as one, which is not what these tests test.
/// </summary>
internal sealed class SampleCounter : IMeterFactory
{
    private readonly MeterListener _listener = new();
    private readonly List<Meter> _meters = [];
    private long _samples;

    public SampleCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this) && instrument.Name == "opcua.server.samples")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _samples, value));
        _listener.Start();
    }

    /// <summary>Values sampled so far, over every server instance made with this factory.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        lock (_meters)
        {
            _meters.Add(meter);
        }
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        lock (_meters)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
