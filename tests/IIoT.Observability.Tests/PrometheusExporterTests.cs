using System.Diagnostics.Metrics;
using IIoT.Observability;

namespace IIoT.Observability.Tests;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Counters_get_total_and_sum_per_tag_set_gauges_are_observed_at_scrape_histograms_have_buckets()
    {
        var meterName = "test." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        using var exporter = new PrometheusExporter([meterName]);
        var points = meter.CreateCounter<long>("iiot.test.points.in", "{point}", "Points in.");
        var bytes = meter.CreateCounter<long>("iiot.test.sent", "By", "Bytes sent.");
        var level = 5L;
        meter.CreateObservableGauge("iiot.test.depth", () => level, "{record}", "Depth.");
        var duration = meter.CreateHistogram<double>("iiot.test.duration", "s", "Duration.");

        points.Add(3, new KeyValuePair<string, object?>("broker", "line1"));
        points.Add(4, new KeyValuePair<string, object?>("broker", "line1"));
        points.Add(1, new KeyValuePair<string, object?>("broker", "line\"2"));
        bytes.Add(100);
        duration.Record(0.02);
        duration.Record(3);
        level = 9;

        var text = exporter.Render();

        Assert.Contains("# TYPE iiot_test_points_in_total counter", text);
        Assert.Contains("iiot_test_points_in_total{broker=\"line1\"} 7\n", text);
        Assert.Contains("iiot_test_points_in_total{broker=\"line\\\"2\"} 1\n", text);
        Assert.Contains("iiot_test_sent_bytes_total 100\n", text);
        Assert.Contains("iiot_test_depth 9\n", text);
        Assert.Contains("iiot_test_duration_seconds_bucket{le=\"0.025\"} 1\n", text);
        Assert.Contains("iiot_test_duration_seconds_bucket{le=\"+Inf\"} 2\n", text);
        Assert.Contains("iiot_test_duration_seconds_count 2\n", text);
    }

    [Fact]
    public void Meters_not_named_are_not_exported()
    {
        using var mine = new Meter("test.mine." + Guid.NewGuid().ToString("N"));
        using var other = new Meter("test.other." + Guid.NewGuid().ToString("N"));
        using var exporter = new PrometheusExporter([mine.Name]);
        other.CreateCounter<long>("iiot.other.count").Add(1);
        mine.CreateCounter<long>("iiot.mine.count").Add(1);

        var text = exporter.Render();

        Assert.Contains("iiot_mine_count_total 1", text);
        Assert.DoesNotContain("iiot_other", text);
    }
}
