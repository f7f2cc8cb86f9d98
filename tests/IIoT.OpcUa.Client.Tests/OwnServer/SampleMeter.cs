using System.Diagnostics.Metrics;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>
/// The meter factory of one test server: counts the values its sampling loops read (opcua.server.samples), so a test
/// can wait until a change was sampled before making the next one. Without this a sampling timer starved on a loaded
/// 2-core machine would see two changes as one, and the test would blame the client for a value the server never saw.
/// </summary>
internal sealed class SampleMeter : IMeterFactory
{
    private readonly MeterListener _listener = new();
    private readonly List<Meter> _meters = [];
    private long _samples;

    public SampleMeter()
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

    /// <summary>Values sampled so far by every server made with this factory.</summary>
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
