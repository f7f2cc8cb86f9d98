using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Tests;

public sealed class ServerMetricsTests
{
    [Fact]
    public Task Requests_are_counted_by_service_and_status_and_connections_and_sessions_are_gauged() => Run(async () =>
    {
        var requests = new ConcurrentDictionary<(string, string), long>();
        var gauges = new ConcurrentDictionary<string, int>();
        OpcUaServer? observed = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Several servers may run at once in other tests: only ours is listened to.
            if (instrument.Meter.Name == ServerMetrics.MeterName && ReferenceEquals(instrument.Meter, MeterOf(observed)))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? service = null, status = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "service") service = (string?)tag.Value;
                if (tag.Key == "status") status = (string?)tag.Value;
            }

            requests.AddOrUpdate((service!, status!), value, (_, v) => v + value);
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => gauges[instrument.Name] = value);
        await using var server = await TestServer.StartAsync(configure: s => observed = s);
        listener.Start();
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);

        await client.ReadAsync(TestServer.Counter);
        await client.ReadAsync(TestServer.Counter);
        await client.ServiceResultAsync(new ReadRequest { NodesToRead = [] });
        await client.ServiceResultAsync(new HistoryReadRequest());
        listener.RecordObservableInstruments();

        Assert.Equal(2, requests.GetValueOrDefault(("ReadRequest", "Good")));
        Assert.Equal(1, requests.GetValueOrDefault(("ReadRequest", "BadNothingToDo")));
        Assert.Equal(1, requests.GetValueOrDefault(("unknown", "BadServiceUnsupported")));
        Assert.Equal(1, requests.GetValueOrDefault(("ActivateSessionRequest", "Good")));
        Assert.Equal(1, gauges["opcua.server.connections"]);
        Assert.Equal(1, gauges["opcua.server.sessions"]);
    });

    private static Meter? MeterOf(OpcUaServer? server) => server?.Metrics.Meter;

    private static Task Run(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(30));
}
