using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IIoT.Cloud.Dashboard;

/// <summary>Wiring of the dashboard: cookie login, the "dashboard" policy, the page and the events stream.</summary>
public static class DashboardHostingExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(s => s.ServiceType == typeof(UserDirectory)))
        {
            // Already added (a host that calls AddCloud and AddDashboard both); a second cookie scheme would throw.
            return builder;
        }
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName)
            .Validate(o => o.SessionLifetime > TimeSpan.Zero && o.LoginFailureWindow > TimeSpan.Zero && o.HeartbeatInterval > TimeSpan.Zero,
                $"{DashboardOptions.SectionName}: SessionLifetime, LoginFailureWindow and HeartbeatInterval must be positive.")
            .Validate(o => o.MaxLoginFailuresPerUser > 0 && o.MaxLoginFailuresPerAddress > 0,
                $"{DashboardOptions.SectionName}: MaxLoginFailuresPerUser and MaxLoginFailuresPerAddress must be positive.")
            .ValidateOnStart();
        var dashboard = builder.Configuration.GetSection(DashboardOptions.SectionName).Get<DashboardOptions>() ?? new DashboardOptions();
        var protection = services.AddDataProtection().SetApplicationName("iiot-cloud-dashboard");
        if (!string.IsNullOrEmpty(dashboard.KeysDirectory))
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(dashboard.KeysDirectory));
        }

        services.AddSingleton<UserDirectory>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<LoginEndpoints>();
        services.AddSingleton<EventsEndpoint>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "iiot.dashboard";
            cookie.Cookie.HttpOnly = true;
            // Strict: a request started by another site carries no session, which is the CSRF defence of the API
            // and the forms (login and logout check Sec-Fetch-Site/Origin as well).
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = LoginEndpoints.LoginPath;
            cookie.LogoutPath = LoginEndpoints.LogoutPath;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = dashboard.SessionLifetime;
            cookie.Events.OnRedirectToLogin = context =>
            {
                // Scripts and the events stream need a status code, not an HTML login page.
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                }
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(DashboardUser.Policy, policy =>
            policy.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireClaim(DashboardUser.TenantClaim));
        return builder;
    }

    /// <summary>
    /// Maps GET / (the page; without a session: redirect to /login), GET /assets/{file}, GET and POST /login,
    /// GET and POST /logout, GET /api/v1/me and GET /api/v1/events (SSE). The KPI JSON API is mapped by the KPI service.
    /// </summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", (HttpContext context, DashboardAssets assets) => assets.WriteAsync(context, "index.html"))
            .RequireAuthorization(DashboardUser.Policy);
        app.MapGet("/assets/{file}", (HttpContext context, string file, DashboardAssets assets) =>
            file.EndsWith(".html", StringComparison.Ordinal) ? Results.NotFound() : new AssetResult(assets, file));
        app.MapGet(LoginEndpoints.LoginPath, (HttpContext context, LoginEndpoints login) => login.ShowLoginAsync(context));
        app.MapPost(LoginEndpoints.LoginPath, (HttpContext context, LoginEndpoints login) => login.LoginAsync(context)).DisableAntiforgery();
        app.MapMethods(LoginEndpoints.LogoutPath, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, LoginEndpoints login) => login.LogoutAsync(context))
            .DisableAntiforgery();
        app.MapGet("/api/v1/me", LoginEndpoints.Me).RequireAuthorization(DashboardUser.Policy);
        app.MapGet(EventsEndpoint.Path, (HttpContext context, EventsEndpoint events) => events.HandleAsync(context))
            .RequireAuthorization(DashboardUser.Policy);
        return app;
    }

    private sealed class AssetResult(DashboardAssets assets, string file) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => assets.WriteAsync(httpContext, file);
    }
}
