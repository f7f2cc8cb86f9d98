using System.Net;
using IIoT.Cloud.Ingestion;
using IIoT.Cloud.Tests.Support;
using IIoT.Contracts;
using IIoT.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IIoT.Cloud.Tests.Ingestion;

public sealed class ConcurrencyLimitTests(CloudWithInfluxd cloud) : IClassFixture<CloudWithInfluxd>
{
    [Fact]
    public async Task API_06_a_third_concurrent_request_of_one_gateway_gets_429_with_Retry_After_and_others_are_unaffected()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        async Task RunAsync()
        {
            var limiter = cloud.Services.GetRequiredService<GatewayConcurrencyLimiter>();
            // Two uploads that send their headers and the start of a gzip body, then stall, keep two requests in
            // flight. Raw sockets: HttpClient would buffer the headers until the body came.
            var stalled = new List<System.Net.Sockets.TcpClient>();
            for (var i = 0; i < 2; i++)
            {
                var socket = new System.Net.Sockets.TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, cloud.Port);
                var head = $"POST {WireFormat.BatchesPath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {WireFormat.ProtobufContentType}\r\n" +
                    $"Content-Encoding: gzip\r\n{WireFormat.ApiKeyHeader}: {CloudWithInfluxd.AcmeKey2}\r\nContent-Length: 1000\r\n\r\n";
                await socket.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(head).Concat(new byte[] { 0x1f, 0x8b }).ToArray());
                stalled.Add(socket);
            }
            await Wait.UntilAsync(() => limiter.InFlight("gw2") == 2, TimeSpan.FromSeconds(10), "two stalled requests in flight");

            using (var third = await cloud.Client.PostAsync(Points.Batch("gw2", 1, Points.Double("api06", 1)), CloudWithInfluxd.AcmeKey2))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
                Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
            var other = await cloud.Client.StoreAsync(Points.Batch("gw1", 1, Points.Double("api06", 2)), CloudWithInfluxd.AcmeKey);
            Assert.Equal(1u, other.AcceptedPoints);

            foreach (var socket in stalled)
            {
                socket.Dispose();
            }
            await Wait.UntilAsync(() => limiter.InFlight("gw2") == 0, TimeSpan.FromSeconds(10), "the aborted uploads to release their slots");
            var after = await cloud.Client.StoreAsync(Points.Batch("gw2", 2, Points.Double("api06", 3)), CloudWithInfluxd.AcmeKey2);
            Assert.Equal(1u, after.AcceptedPoints);
        }
    }
}
