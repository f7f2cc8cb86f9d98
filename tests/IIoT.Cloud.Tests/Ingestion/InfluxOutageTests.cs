using System.Net;
using IIoT.Cloud.Tests.Support;

namespace IIoT.Cloud.Tests.Ingestion;

/// <summary>API-10 against a real influxd that is killed and started again (own fixture: it kills the server).</summary>
public sealed class InfluxOutageTests(CloudWithInfluxd cloud) : IClassFixture<CloudWithInfluxd>
{
    [Fact]
    public async Task API_10_influxd_down_gets_503_with_Retry_After_and_the_same_batch_is_stored_after_restart()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        async Task RunAsync()
        {
            var batch = Points.Batch("gw1", 1, Points.Double("api10", 1), Points.Double("api10", 2));
            await cloud.Influxd.KillAsync();

            using (var down = await cloud.Client.PostAsync(batch, CloudWithInfluxd.AcmeKey))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
                Assert.True(down.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                var body = await down.Content.ReadAsStringAsync();
                Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            }
            using (var health = await cloud.Client.Http.GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            }

            await cloud.Influxd.StartProcessAsync();

            var result = await cloud.Client.StoreAsync(batch, CloudWithInfluxd.AcmeKey);
            Assert.False(result.Duplicate);
            Assert.Equal(2u, result.AcceptedPoints);
            Assert.Equal(2, await cloud.Influxd.CountAsync("acme", "api10"));
        }
    }
}
