using System.Net;
using IIoT.Cloud.Tests.Support;
using IIoT.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IIoT.Cloud.Tests.Ingestion;

/// <summary>
/// API-10/11 faults that a stock influxd does not show on demand (a rotated credential, a 500, a stall),
/// played by a minimal fake InfluxDB 1.x HTTP endpoint.
/// </summary>
public sealed class FaultyInfluxTests : IAsyncLifetime
{
    private readonly int _fakePort = FreePort.Next();
    private readonly int _cloudPort = FreePort.Next();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _status = StatusCodes.Status204NoContent;
    private volatile bool _stall;
    private WebApplication _fake = null!;
    private WebApplication _cloud = null!;
    private IngestClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_fakePort}");
        _fake = builder.Build();
        _fake.MapPost("/write", async context =>
        {
            if (_stall)
            {
                await _release.Task.WaitAsync(context.RequestAborted);
            }
            context.Response.StatusCode = _status;
            if (_status >= 400)
            {
                await context.Response.WriteAsync("{\"error\":\"fake failure\"}");
            }
        });
        await _fake.StartAsync();
        var settings = CloudWithInfluxd.Settings($"http://127.0.0.1:{_fakePort}");
        settings["Cloud:Storage:CreateDatabases"] = "false";
        settings["Cloud:Storage:Timeout"] = "00:00:00.5";
        _cloud = await CloudApp.StartAsync(settings, _cloudPort);
        _client = new IngestClient($"http://127.0.0.1:{_cloudPort}");
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        _client.Dispose();
        await _cloud.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData(StatusCodes.Status401Unauthorized)]
    [InlineData(StatusCodes.Status403Forbidden)]
    [InlineData(StatusCodes.Status500InternalServerError)]
    [InlineData(StatusCodes.Status503ServiceUnavailable)]
    public async Task API_10_API_11_influx_errors_become_503_with_Retry_After_never_401(int influxStatus)
    {
        _status = influxStatus;
        using var response = await _client.PostAsync(Points.Batch("gw1", 1, Points.Double("fault", 1)), CloudWithInfluxd.AcmeKey)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task API_10_a_stalled_influx_gets_503_after_the_storage_timeout()
    {
        _stall = true;
        using var response = await _client.PostAsync(Points.Batch("gw1", 2, Points.Double("fault", 1)), CloudWithInfluxd.AcmeKey)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
