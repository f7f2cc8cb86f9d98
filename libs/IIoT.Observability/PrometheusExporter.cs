using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace IIoT.Observability;

/// <summary>
/// Collects the instruments of our meters (System.Diagnostics.Metrics) and renders them in the Prometheus
/// text exposition format. Counters and histograms are aggregated per tag set as they are recorded;
/// observable instruments are read at scrape time.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly HashSet<string> _meterNames;

    public PrometheusExporter(IEnumerable<string> meterNames)
    {
        _meterNames = [.. meterNames];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meterNames.Contains(instrument.Meter.Name))
            {
                _instruments[instrument] = new InstrumentState(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Renders every instrument; observable ones are observed now.</summary>
    public string Render()
    {
        foreach (var state in _instruments.Values)
        {
            if (state.IsObservable)
            {
                state.ResetObserved();
            }
        }
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var state in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            state.Render(text);
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var state))
        {
            state.Record(value, LabelText(tags));
        }
    }

    private static string LabelText(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }
        var pairs = new List<KeyValuePair<string, object?>>(tags.ToArray());
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder("{");
        foreach (var (key, value) in pairs)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }
            text.Append(Sanitize(key)).Append("=\"");
            foreach (var c in Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")
            {
                text.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
            }
            text.Append('"');
        }
        return text.Append('}').ToString();
    }

    internal static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_' && chars[i] != ':')
            {
                chars[i] = '_';
            }
        }
        return new string(chars);
    }

    private sealed class InstrumentState
    {
        private readonly ConcurrentDictionary<string, Series> _series = new();
        private readonly string _type;

        public InstrumentState(Instrument instrument)
        {
            var kind = instrument.GetType().GetGenericTypeDefinition();
            IsObservable = instrument.IsObservable;
            IsCounter = kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>);
            IsHistogram = kind == typeof(Histogram<>);
            _type = IsCounter ? "counter" : IsHistogram ? "histogram" : "gauge";
            Name = MetricName(instrument, IsCounter);
            Help = instrument.Description ?? instrument.Name;
        }

        public string Name { get; }

        public string Help { get; }

        public bool IsObservable { get; }

        private bool IsCounter { get; }

        private bool IsHistogram { get; }

        public void ResetObserved() => _series.Clear();

        public void Record(double value, string labels)
        {
            var series = _series.GetOrAdd(labels, _ => new Series(IsHistogram ? DefaultBuckets.Length : 0));
            lock (series)
            {
                if (IsHistogram)
                {
                    series.Count++;
                    series.Sum += value;
                    for (var i = 0; i < DefaultBuckets.Length; i++)
                    {
                        if (value <= DefaultBuckets[i])
                        {
                            series.Buckets[i]++;
                        }
                    }
                }
                else if (IsObservable)
                {
                    // Observable instruments report their current total or level at each scrape.
                    series.Sum = value;
                }
                else
                {
                    series.Sum += value;
                }
            }
        }

        public void Render(StringBuilder text)
        {
            if (_series.IsEmpty)
            {
                return;
            }
            text.Append("# HELP ").Append(Name).Append(' ').Append(Help.Replace('\n', ' ')).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
            foreach (var (labels, series) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (!IsHistogram)
                    {
                        text.Append(Name).Append(labels).Append(' ').Append(Format(series.Sum)).Append('\n');
                        continue;
                    }
                    var inner = labels.Length == 0 ? "" : labels[1..^1] + ",";
                    for (var i = 0; i < DefaultBuckets.Length; i++)
                    {
                        text.Append(Name).Append("_bucket{").Append(inner).Append("le=\"").Append(Format(DefaultBuckets[i]))
                            .Append("\"} ").Append(series.Buckets[i]).Append('\n');
                    }
                    text.Append(Name).Append("_bucket{").Append(inner).Append("le=\"+Inf\"} ").Append(series.Count).Append('\n');
                    text.Append(Name).Append("_sum").Append(labels).Append(' ').Append(Format(series.Sum)).Append('\n');
                    text.Append(Name).Append("_count").Append(labels).Append(' ').Append(series.Count).Append('\n');
                }
            }
        }

        private static string MetricName(Instrument instrument, bool counter)
        {
            var name = Sanitize(instrument.Name);
            var unit = instrument.Unit switch
            {
                "By" => "_bytes",
                "s" => "_seconds",
                "ms" => "_milliseconds",
                _ => "",
            };
            if (unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal))
            {
                name += unit;
            }
            return counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
        }

        private static string Format(double value) =>
            double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private sealed class Series(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets];

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
