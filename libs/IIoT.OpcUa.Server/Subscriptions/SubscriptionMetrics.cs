using System.Diagnostics.Metrics;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// Counters of the engine (System.Diagnostics.Metrics, meter "IIoT.OpcUa.Server.Subscriptions"). Hot paths add once
/// per sampling pass or per message, never once per value.
/// </summary>
internal sealed class SubscriptionMetrics : IDisposable
{
    public const string MeterName = "IIoT.OpcUa.Server.Subscriptions";

    private readonly Counter<long> _notifications;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _samples;

    public SubscriptionMetrics(IMeterFactory? meterFactory, Func<int> subscriptions)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _notifications = Meter.CreateCounter<long>("opcua.server.notifications", "{notification}", "Data change notifications sent in Publish responses");
        _messages = Meter.CreateCounter<long>("opcua.server.publish_responses", "{response}", "Publish responses answered, by kind (data, keep_alive, status)");
        _samples = Meter.CreateCounter<long>("opcua.server.samples", "{sample}", "Monitored item values read by the sampling loops");
        Meter.CreateObservableGauge("opcua.server.subscriptions", subscriptions, "{subscription}", "Subscriptions alive, orphans included");
    }

    public Meter Meter { get; }

    public void DataMessage(int notifications)
    {
        _messages.Add(1, new KeyValuePair<string, object?>("kind", "data"));
        _notifications.Add(notifications);
    }

    public void KeepAlive() => _messages.Add(1, new KeyValuePair<string, object?>("kind", "keep_alive"));

    public void StatusMessage() => _messages.Add(1, new KeyValuePair<string, object?>("kind", "status"));

    public void Sampled(int count) => _samples.Add(count);

    public void Dispose() => Meter.Dispose();
}
