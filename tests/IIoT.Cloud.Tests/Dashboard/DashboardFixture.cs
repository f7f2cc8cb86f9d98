using System.Net;
using IIoT.Cloud.Dashboard;
using IIoT.Cloud.Tests.Support;
using IIoT.Testing;
using IIoT.Testing.Chromium;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace IIoT.Cloud.Tests.Dashboard;

/// <summary>
/// A real influxd, the real cloud service (KPIs every second over one-second buckets, dashboard users of two
/// tenants) and one headless Chromium, shared by the dashboard tests. At start it posts the last 90 s of three acme
/// machines (plant1/line1/m1 running, plant1/line1/m2 with an idle stop, plant1/line2/m3) through the batch API.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string AlicePassword = "alice-password-1";
    public const string BobPassword = "bob-password-22";
    public const string CarolPassword = "carol-password-333";
    public const string DavePassword = "dave-password-4444";
    public const string InitechKey = "initech-gw-key-0123456789";
    public const int MaxFailuresPerUser = 3;

    private WebApplication? _app;

    public InfluxdServer Influxd { get; private set; } = null!;

    public ChromiumBrowser Browser { get; private set; } = null!;

    public IngestClient Ingest { get; private set; } = null!;

    public MachineFeed Acme { get; private set; } = null!;

    public MachineFeed Initech { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public int Port { get; } = FreePort.Next();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Where screenshots go: $IIOT_SCREENSHOTS, else TestResults/screenshots beside the test assembly.</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("IIOT_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Parts counted for m1 so far (its feed continues from there).</summary>
    public long M1Parts { get; set; }

    public async Task InitializeAsync()
    {
        var browser = ChromiumBrowser.StartAsync();
        try
        {
            Influxd = await InfluxdServer.StartAsync();
            await Influxd.CreateDatabaseAsync("acme");
            await Influxd.CreateDatabaseAsync("globex");
            var settings = CloudWithInfluxd.Settings(Influxd.Url);
            settings["Cloud:Users:0:Name"] = "alice";
            settings["Cloud:Users:0:Tenant"] = "acme";
            settings["Cloud:Users:0:Password"] = AlicePassword;
            settings["Cloud:Users:1:Name"] = "bob";
            settings["Cloud:Users:1:Tenant"] = "globex";
            settings["Cloud:Users:1:PasswordSha256"] = Convert.ToHexString(UserDirectory.Hash(BobPassword));
            settings["Cloud:Users:2:Name"] = "carol";
            settings["Cloud:Users:2:Tenant"] = "acme";
            settings["Cloud:Users:2:Password"] = CarolPassword;
            // A third tenant of its own for the incomplete-window case: its loss record must not mark acme's windows.
            settings["Cloud:Tenants:2:Id"] = "initech";
            settings["Cloud:Tenants:2:Database"] = "initech";
            settings["Cloud:Gateways:3:Id"] = "initech-gw";
            settings["Cloud:Gateways:3:Tenant"] = "initech";
            settings["Cloud:Gateways:3:ApiKey"] = InitechKey;
            settings["Cloud:Users:3:Name"] = "dave";
            settings["Cloud:Users:3:Tenant"] = "initech";
            settings["Cloud:Users:3:Password"] = DavePassword;
            settings["Cloud:Dashboard:HeartbeatInterval"] = "00:00:01";
            settings["Cloud:Dashboard:MaxLoginFailuresPerUser"] = MaxFailuresPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Cloud:Dashboard:MaxLoginFailuresPerAddress"] = "100";
            settings["Cloud:Kpi:Interval"] = "00:00:01";
            settings["Cloud:Kpi:BucketLength"] = "00:00:01";
            settings["Cloud:Kpi:RecentBuckets"] = "120";
            settings["Cloud:Kpi:StartupLookback"] = "00:05:00";
            settings["Cloud:Kpi:MaxSampleGap"] = "00:00:05";
            _app = await CloudApp.StartAsync(settings, Port, builder => builder.Logging.AddProvider(Logs));
            Ingest = new IngestClient(BaseUrl);
            Acme = new MachineFeed(Ingest, "gw1", CloudWithInfluxd.AcmeKey);
            Initech = new MachineFeed(Ingest, "initech-gw", InitechKey);

            var now = DateTimeOffset.UtcNow;
            var start = now.AddSeconds(-90);
            M1Parts = await Acme.SendAsync("plant1", "line1", "m1", start, now, _ => "running");
            await Acme.SendAsync("plant1", "line1", "m2", start, now,
                t => t > now.AddSeconds(-60) && t <= now.AddSeconds(-40) ? "idle" : "running");
            await Acme.SendAsync("plant1", "line2", "m3", start, now, t => t > now.AddSeconds(-10) ? "setup" : "running");
        }
        finally
        {
            // Started in parallel with the rest; kept for DisposeAsync even when the rest failed.
            Browser = await browser;
        }
    }

    /// <summary>A new tab of its own (own cookies) signed in as <paramref name="user"/>, showing the dashboard.</summary>
    public async Task<ChromiumPage> SignedInPageAsync(string user, string password, string? acceptLanguage = null, string? loginScreenshot = null)
    {
        var page = await Browser.NewPageAsync();
        if (acceptLanguage is not null)
        {
            await page.SetLocaleAsync(acceptLanguage);
        }
        await page.NavigateAsync(BaseUrl + "/");
        // The page itself redirects to the login form; sign in there as a person would.
        await page.WaitForAsync("location.pathname === '/login' && !!document.getElementById('username')", TimeSpan.FromSeconds(10), "the login form");
        if (loginScreenshot is not null)
        {
            await page.ScreenshotAsync(Screenshot(loginScreenshot));
        }
        await page.EvaluateAsync($$"""
            document.getElementById('username').value = {{System.Text.Json.JsonSerializer.Serialize(user)}};
            document.getElementById('password').value = {{System.Text.Json.JsonSerializer.Serialize(password)}};
            document.getElementById('sign-in').click();
            """);
        await page.WaitForAsync("location.pathname === '/' && document.readyState === 'complete' && document.body.dataset.renders >= 1",
            TimeSpan.FromSeconds(15), "the dashboard to render after login");
        return page;
    }

    public static string Screenshot(string name) => Path.Combine(ScreenshotFolder, name + ".png");

    /// <summary>An HTTP client with its own cookie jar that does not follow redirects.</summary>
    public HttpClient NewHttpClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(BaseUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        Ingest?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Influxd is not null)
        {
            await Influxd.DisposeAsync();
        }
    }
}
