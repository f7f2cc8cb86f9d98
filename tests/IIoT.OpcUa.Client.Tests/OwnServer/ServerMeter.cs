using System.Diagnostics.Metrics;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>
/// The meter factory of one test server: counts the values its sampling loops read (opcua.server.samples), so a test
/// can wait until a change was sampled before making the next one (without this a sampling timer starved on a loaded
/// 2-core machine would see two changes as one, and the test would blame the client for a value the server never saw),
/// and the requests it answered per service (opcua.server.requests), so a test sees which calls the client made.
/// </summary>
internal sealed class ServerMeter : IMeterFactory
{
    private readonly MeterListener _listener = new();
    private readonly List<Meter> _meters = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _requests = new();
    private long _samples;

    public ServerMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this) && instrument.Name is "opcua.server.samples" or "opcua.server.requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "opcua.server.samples")
            {
                Interlocked.Add(ref _samples, value);
                return;
            }

            string? service = null;
            string? status = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "service")
                {
                    service = tag.Value as string;
                }
                else if (tag.Key == "status")
                {
                    status = tag.Value as string;
                }
            }

            if (service is not null)
            {
                RequestAnswered?.Invoke(service);
                _requests.AddOrUpdate(service, value, (_, old) => old + value);
                _requests.AddOrUpdate($"{service}/{status}", value, (_, old) => old + value);
            }
        });
        _listener.Start();
    }

    /// <summary>
    /// Called with the service name when the server has a response ready, before it is sent (on the server's thread): a
    /// test can freeze or cut the connection so that exactly this response is lost.
    /// </summary>
    public Action<string>? RequestAnswered { get; set; }

    /// <summary>Values sampled so far by every server made with this factory.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Requests answered for a service by its request type name (e.g. "BrowseNextRequest"), whatever the result.</summary>
    public long Requests(string service) => _requests.GetValueOrDefault(service);

    /// <summary>Requests of a service answered with a status (its name, e.g. "BadTooManyPublishRequests").</summary>
    public long Requests(string service, string status) => _requests.GetValueOrDefault($"{service}/{status}");

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
