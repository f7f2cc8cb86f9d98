using System.Diagnostics.Metrics;
using System.Net;
using IIoT.Cloud.Ingestion;
using IIoT.Cloud.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IIoT.Cloud.Tests.Ingestion;

public sealed class CloudMetricsTests(CloudWithInfluxd cloud) : IClassFixture<CloudWithInfluxd>
{
    [Fact]
    public async Task Metrics_count_a_replay_once_as_duplicate_and_rejections_and_auth_failures()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        async Task RunAsync()
        {
            var meter = cloud.Services.GetRequiredService<CloudMetrics>().BatchesStored.Meter;
            var totals = new Dictionary<string, double>();
            using var listener = new MeterListener
            {
                // Only this fixture's meter: other test classes run their own services in parallel.
                InstrumentPublished = (instrument, l) =>
                {
                    if (ReferenceEquals(instrument.Meter, meter))
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => { lock (totals) { totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value; } });
            listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => { lock (totals) { totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + 1; } });
            listener.Start();

            var batch = Points.Batch("gw1", 1, Points.Double("metrics", 1), Points.Double("metrics", double.NaN), Points.Double("metrics", 2));
            await cloud.Client.StoreAsync(batch, CloudWithInfluxd.AcmeKey);
            Assert.True((await cloud.Client.StoreAsync(batch, CloudWithInfluxd.AcmeKey)).Duplicate);
            using (var unauthorized = await cloud.Client.PostAsync(batch, "not-a-key-0123456789"))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            }

            lock (totals)
            {
                Assert.Equal(2, totals["iiot.cloud.batches.received"]);
                Assert.Equal(1, totals["iiot.cloud.batches.stored"]);
                Assert.Equal(1, totals["iiot.cloud.batches.duplicate"]);
                Assert.Equal(2, totals["iiot.cloud.points.written"]);
                Assert.Equal(1, totals["iiot.cloud.points.rejected"]);
                Assert.Equal(1, totals["iiot.cloud.auth.failures"]);
                Assert.Equal(1, totals["iiot.cloud.write.duration"]);
                Assert.True(totals["iiot.cloud.request.bytes"] > 0);
                Assert.False(totals.ContainsKey("iiot.cloud.influx.errors"));
            }
        }
    }
}
