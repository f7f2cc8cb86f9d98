using IIoT.Contracts.V1;
using IIoT.Gateway.Collection.OpcUa;
using IIoT.Gateway.Tests.Collection.Mqtt;
using IIoT.OpcUa.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>One running <see cref="OpcUaSource"/> with a recording sink and ledger; stopped on dispose.</summary>
internal sealed class OpcUaTestRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public OpcUaTestRig(OpcUaEndpointOptions endpoint, RecordingSink? sink = null, int chunkSize = OpcUaItemResolver.DefaultChunkSize,
        OpcUaSubscriptionStore? store = null)
    {
        Endpoint = endpoint;
        Sink = sink ?? new RecordingSink();
        Source = new OpcUaSource(endpoint, Sink, Ledger, Status, TimeProvider.System, NullLogger.Instance)
        {
            ResolverChunkSize = chunkSize,
            SubscriptionStore = store,
            // Short keep-alive and reconnect steps so that faults are noticed within a test's time.
            ConfigureClient = o => new ClientOptions
            {
                EndpointUrl = o.EndpointUrl,
                Identity = o.Identity,
                SessionName = o.SessionName,
                PublishRequestCount = o.PublishRequestCount,
                KeepAliveInterval = TimeSpan.FromSeconds(1),
                RequestTimeout = TimeSpan.FromSeconds(5),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                SessionTimeout = TimeSpan.FromSeconds(30),
            },
        };
        _run = Task.Run(() => Source.RunAsync(_stop.Token));
    }

    public OpcUaEndpointOptions Endpoint { get; }

    public RecordingSink Sink { get; }

    public RecordingLedger Ledger { get; } = new();

    public OpcUaStatusRegistry Status { get; } = new();

    public OpcUaSource Source { get; }

    public OpcUaEndpointStatus? EndpointStatus => Status.Get(Endpoint.Name);

    public List<Point> Points(string machine, string signal) =>
        Sink.Points.Where(p => p.Asset.Machine == machine && p.Signal == signal).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(20));
        _stop.Dispose();
    }

    public static OpcUaEndpointOptions EndpointFor(string url, params OpcUaGroupOptions[] groups) => new()
    {
        Name = "line1",
        Url = url,
        Site = "plant1",
        Area = "assembly",
        Line = "line1",
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        Groups = [.. groups],
    };
}
