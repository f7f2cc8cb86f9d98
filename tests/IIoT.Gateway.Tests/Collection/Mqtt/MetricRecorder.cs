using System.Diagnostics.Metrics;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>Sums the gateway meter's long measurements per instrument and label, for one broker's label only.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _sums = [];
    private readonly string _broker;

    public MetricRecorder(string broker)
    {
        _broker = broker;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayMeter.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? broker = null;
            string? reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "broker")
                {
                    broker = tag.Value as string;
                }
                else if (tag.Key == "reason")
                {
                    reason = tag.Value as string;
                }
            }
            if (broker != _broker)
            {
                return;
            }
            var key = reason is null ? instrument.Name : $"{instrument.Name}/{reason}";
            lock (_sums)
            {
                _sums[key] = _sums.GetValueOrDefault(key) + value;
            }
        });
        _listener.Start();
    }

    /// <summary>The sum for an instrument, or for one reason with "name/reason".</summary>
    public long Sum(string key)
    {
        lock (_sums)
        {
            return _sums.GetValueOrDefault(key);
        }
    }

    public void Dispose() => _listener.Dispose();
}
