using System.Globalization;

namespace IIoT.Bench.GatewayOpcUa;

/// <summary>Reads one metric from the gateway's Prometheus /metrics text, summed over its label sets.</summary>
internal static class PrometheusText
{
    /// <summary>
    /// The sum of every sample of <paramref name="name"/> (dots as in the instrument name); the exporter may add a unit
    /// or "_total" suffix, so any sample whose name starts with the underscored name and is not a histogram part counts.
    /// </summary>
    public static double Sum(string text, string name)
    {
        var prefix = name.Replace('.', '_');
        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var end = line.IndexOfAny(['{', ' ']);
            var metric = end < 0 ? line : line[..end];
            if (metric.EndsWith("_bucket", StringComparison.Ordinal) || metric.EndsWith("_count", StringComparison.Ordinal) || metric.EndsWith("_sum", StringComparison.Ordinal))
            {
                continue;
            }

            // Only the base name plus an optional suffix such as "_total" or "_By": not a longer name of another metric.
            var suffix = metric[prefix.Length..];
            if (suffix.Length > 0 && suffix is not ("_total" or "_By" or "_By_total" or "_bytes" or "_bytes_total" or "_ratio"))
            {
                continue;
            }

            var parts = line.TrimEnd().Split(' ');
            var valueText = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0] : parts[1];
            if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum += value;
            }
        }

        return sum;
    }
}
