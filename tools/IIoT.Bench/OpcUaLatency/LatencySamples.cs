using System.Globalization;

namespace IIoT.Bench.OpcUaLatency;

/// <summary>Latency samples in milliseconds, with the percentiles the report prints.</summary>
internal sealed class LatencySamples
{
    private readonly List<double> _values = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _values.Add(milliseconds);
        }
    }

    /// <summary>Nearest-rank percentile (0..1); NaN without samples.</summary>
    public double Percentile(double p)
    {
        lock (_gate)
        {
            if (_values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _values.Order().ToArray();
            var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }

    public double Max => Percentile(1);

    /// <summary>Samples above <paramref name="milliseconds"/>, as a share of all.</summary>
    public double ShareAbove(double milliseconds)
    {
        lock (_gate)
        {
            return _values.Count == 0 ? double.NaN : _values.Count(v => v > milliseconds) / (double)_values.Count;
        }
    }

    public string Summary() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(0.5),6:0} ms  p99 {Percentile(0.99),6:0} ms  max {Max,6:0} ms  ({Count:N0} samples)");
}
