using System.Net;
using System.Net.Sockets;
using IIoT.Cloud.Ingestion;
using IIoT.Cloud.Tests.Support;
using IIoT.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IIoT.Cloud.Tests.Ingestion;

/// <summary>API-01: authentication failures are rate-limited per remote address.</summary>
public sealed class AuthFailureThrottleTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task API_01_past_the_failure_limit_an_address_gets_429_with_Retry_After_until_the_window_passes()
    {
        await RunAsync().WaitAsync(Timeout);

        async Task RunAsync()
        {
            var clock = new ManualClock();
            var port = FreePort.Next();
            // The default limit (30 failures a minute) is what is tested.
            await using var app = await CloudApp.StartAsync(CloudWithInfluxd.Settings(influxd.Server.Url), port,
                builder => builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
            using var local = new IngestClient($"http://127.0.0.1:{port}");
            using var other = new IngestClient(Http(port, IPAddress.Parse("127.0.0.2")));
            var batch = Points.Batch("gw1", 1, Points.Double("api01_throttle", 1));

            for (var i = 0; i < 30; i++)
            {
                using var bad = await local.PostAsync(batch, "wrong-key-0123456789");
                Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
            }
            using (var throttled = await local.PostAsync(batch, "wrong-key-0123456789"))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
                Assert.InRange(throttled.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
                Assert.DoesNotContain("wrong-key", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            // Refused before the key is checked: even a good key from the blocked address waits.
            using (var goodButBlocked = await local.PostAsync(batch, CloudWithInfluxd.AcmeKey))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, goodButBlocked.StatusCode);
            }
            Assert.Equal(1u, (await other.StoreAsync(batch, CloudWithInfluxd.AcmeKey)).AcceptedPoints);

            clock.Advance(TimeSpan.FromSeconds(61));

            var after = await local.StoreAsync(Points.Batch("gw1", 2, Points.Double("api01_throttle", 2)), CloudWithInfluxd.AcmeKey);
            Assert.Equal(1u, after.AcceptedPoints);
            Assert.Equal(2, await influxd.Server.CountAsync("acme", "/^api01_throttle$/"));
            await app.StopAsync();
        }
    }

    [Fact]
    public void API_01_the_throttle_counts_per_address_and_forgets_the_oldest_beyond_its_capacity()
    {
        var clock = new ManualClock();
        var throttle = new AuthFailureThrottle(maxFailures: 2, clock, capacity: 3);
        var a = IPAddress.Parse("10.0.0.1");
        throttle.RecordFailure(a);
        Assert.False(throttle.IsBlocked(a, out _, out _));
        throttle.RecordFailure(a);
        Assert.True(throttle.IsBlocked(a, out var retryAfter, out var first));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
        Assert.True(first);
        Assert.True(throttle.IsBlocked(a, out _, out first));
        Assert.False(first);
        // One IPv6 /64 is one budget.
        throttle.RecordFailure(IPAddress.Parse("2001:db8::1"));
        throttle.RecordFailure(IPAddress.Parse("2001:db8::2"));
        Assert.True(throttle.IsBlocked(IPAddress.Parse("2001:db8::3"), out _, out _));
        Assert.False(throttle.IsBlocked(IPAddress.Parse("2001:db8:0:1::1"), out _, out _));

        clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 2; i <= 4; i++)
        {
            throttle.RecordFailure(IPAddress.Parse($"10.0.0.{i}"));
        }
        Assert.Equal(3, throttle.TrackedAddresses);
        Assert.False(throttle.IsBlocked(a, out _, out _));
    }

    /// <summary>An HttpClient whose connections come from <paramref name="source"/> (any 127/8 address is loopback on Linux).</summary>
    private static HttpClient Http(int port, IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout };
    }
}
