using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Counters_count_notifications_responses_by_kind_and_samples()
    {
        await using var h = new EngineHarness();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, h.Engine.Meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var kind = "";
            foreach (var tag in tags) kind = $"/{tag.Value}";
            totals.AddOrUpdate(instrument.Name + kind, value, (_, old) => old + value);
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => totals[instrument.Name] = value);
        listener.Start();

        var sub = h.Subscribe(SessionA, interval: 100, keepAlive: 1);
        h.CreateItems(SessionA, sub, Item(h.Source.Add(new NodeId(1u, 2), 1), 1, samplingInterval: 50), Item(h.Source.Add(new NodeId(2u, 2), 2), 2, samplingInterval: 50));
        var data = h.Publish(SessionA);
        h.Clock.AdvanceMs(100); // 2 sampling passes of 2 items, then one data message with the 2 first values
        var keepAlive = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        await Task.WhenAll(data, keepAlive).WaitAsync(TimeSpan.FromSeconds(10));
        listener.RecordObservableInstruments();

        Assert.Equal(2, totals["opcua.server.notifications"]);
        Assert.Equal(1, totals["opcua.server.publish_responses/data"]);
        Assert.Equal(1, totals["opcua.server.publish_responses/keep_alive"]);
        Assert.Equal(8, totals["opcua.server.samples"]); // 4 passes x 2 items (the first samples at creation are not timer passes)
        Assert.Equal(1, totals["opcua.server.subscriptions"]);
    }
}
