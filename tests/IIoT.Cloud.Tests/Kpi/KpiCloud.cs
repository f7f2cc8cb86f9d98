using System.Net;
using System.Security.Claims;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Scheduling;
using IIoT.Cloud.Storage;
using IIoT.Cloud.Tests.Support;
using IIoT.Contracts.V1;
using IIoT.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>
/// One in-process cloud service with KPIs at test speed (2 s buckets, 2 s interval) against a given influxd, with a
/// settable clock and a recording InfluxDB writer.
/// </summary>
internal sealed class KpiCloud : IAsyncDisposable
{
    private static ulong _sequence = (ulong)DateTime.UtcNow.Ticks;
    private readonly WebApplication _app;

    private KpiCloud(WebApplication app, KpiClock clock, CapturedLogs logs)
    {
        _app = app;
        Logs = logs;
        Clock = clock;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new IngestClient(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        Recorder = (RecordingInfluxWriter)app.Services.GetRequiredService<IInfluxWriter>();
        Scheduler = app.Services.GetRequiredService<KpiScheduler>();
    }

    public KpiClock Clock { get; }

    public CapturedLogs Logs { get; }

    public IngestClient Client { get; }

    public RecordingInfluxWriter Recorder { get; }

    public KpiScheduler Scheduler { get; }

    public IServiceProvider Services => _app.Services;

    public static Dictionary<string, string?> Settings(string influxUrl)
    {
        var settings = CloudWithInfluxd.Settings(influxUrl);
        settings["Cloud:Kpi:BucketLength"] = "00:00:02";
        settings["Cloud:Kpi:Interval"] = "00:00:02";
        settings["Cloud:Kpi:RecentBuckets"] = "3";
        settings["Cloud:Kpi:StartupLookback"] = "00:10:00";
        settings["Cloud:Kpi:MaxSampleGap"] = "00:00:01";
        settings["Cloud:Kpi:MaxCounterGap"] = "00:00:05";
        settings["Cloud:Kpi:MaxBackoff"] = "00:00:04";
        settings["Cloud:Kpi:QueryTimeout"] = "00:00:05";
        settings["Cloud:Users:0:Name"] = "alice";
        settings["Cloud:Users:0:Tenant"] = "acme";
        settings["Cloud:Users:0:Password"] = "alice-password-1";
        settings["Cloud:Users:1:Name"] = "bob";
        settings["Cloud:Users:1:Tenant"] = "globex";
        settings["Cloud:Users:1:Password"] = "bob-password-12";
        return settings;
    }

    public static async Task<KpiCloud> StartAsync(InfluxdServer influxd, KpiClock clock, IDictionary<string, string?>? overrides = null)
    {
        var settings = Settings(influxd.Url);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var logs = new CapturedLogs();
        var app = await CloudApp.StartAsync(settings, 0, builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton<IInfluxWriter>(provider =>
                new RecordingInfluxWriter(new InfluxV1Writer(provider.GetRequiredService<IOptions<CloudOptions>>().Value.Storage)));
        });
        return new KpiCloud(app, clock, logs);
    }

    /// <summary>Stores the points through the batch API (as gateway gw1 of tenant acme), in batches of at most 1,000.</summary>
    public async Task IngestAsync(IEnumerable<Point> points, string gateway = "gw1", string key = CloudWithInfluxd.AcmeKey)
    {
        foreach (var chunk in points.Chunk(1000))
        {
            var batch = Support.Points.Batch(gateway, Interlocked.Increment(ref _sequence), chunk);
            var result = await Client.StoreAsync(batch, key);
            Assert.Empty(result.Rejected);
        }
    }

    /// <summary>One KPI cycle now (waits for a cycle of the background loop that is under way); fails on any logged cycle failure.</summary>
    public async Task CycleAsync()
    {
        await Scheduler.RunOnceAsync(CancellationToken.None);
        Assert.False(Logs.Entries.Any(e => e.EventId is 3001 or 3002 or 3004), "KPI cycle failures:\n" + Logs);
    }

    /// <summary>An HTTP client signed in to the dashboard as a user of <paramref name="tenant"/> (a cookie the service itself issued).</summary>
    public HttpClient DashboardClient(string? tenant)
    {
        var cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies };
        var http = new HttpClient(handler) { BaseAddress = Client.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (tenant is not null)
        {
            var options = _app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, tenant == "acme" ? "alice" : "bob"), new Claim("tenant", tenant)], CookieAuthenticationDefaults.AuthenticationScheme);
            var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), CookieAuthenticationDefaults.AuthenticationScheme);
            cookies.Add(Client.Http.BaseAddress!, new Cookie(options.Cookie.Name!, options.TicketDataFormat.Protect(ticket)));
        }
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
