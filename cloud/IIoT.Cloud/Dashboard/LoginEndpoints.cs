using System.Security.Claims;
using IIoT.Cloud.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IIoT.Cloud.Dashboard;

/// <summary>GET/POST /login, /logout and GET /api/v1/me.</summary>
internal sealed class LoginEndpoints(UserDirectory users, LoginThrottle throttle, DashboardAssets assets, ILogger<LoginEndpoints> logger)
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";

    public Task ShowLoginAsync(HttpContext context)
    {
        if (context.User.HasClaim(c => c.Type == DashboardUser.TenantClaim))
        {
            // Already signed in (e.g. the back button): straight to the page.
            Redirect(context, "/");
            return Task.CompletedTask;
        }
        return assets.WriteAsync(context, "login.html");
    }

    public async Task LoginAsync(HttpContext context)
    {
        if (!IsSameOrigin(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!context.Request.HasFormContentType)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var name = form["username"].ToString().Trim();
        var address = context.Connection.RemoteIpAddress;
        var returnUrl = LocalUrlOrRoot(form["returnUrl"].ToString());
        if (throttle.IsBlocked(name, address))
        {
            DashboardLog.LoginThrottled(logger, Printable(name), address?.ToString());
            Redirect(context, $"{LoginPath}?error=throttled");
            return;
        }
        if (users.Verify(name, form["password"].ToString()) is not { } user)
        {
            throttle.RecordFailure(name, address);
            DashboardLog.LoginFailed(logger, Printable(name), address?.ToString());
            Redirect(context, $"{LoginPath}?error=failed&returnUrl={Uri.EscapeDataString(returnUrl)}");
            return;
        }
        throttle.RecordSuccess(name);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(DashboardUser.TenantClaim, user.Tenant)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        DashboardLog.SignedIn(logger, user.Name, user.Tenant, address?.ToString());
        Redirect(context, returnUrl);
    }

    public async Task LogoutAsync(HttpContext context)
    {
        if (!IsSameOrigin(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (context.User.Identity?.Name is { } name)
        {
            DashboardLog.SignedOut(logger, name);
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        Redirect(context, LoginPath);
    }

    public static IResult Me(HttpContext context) =>
        Results.Json(new { name = context.User.Identity?.Name ?? "", tenant = DashboardUser.Tenant(context) });

    /// <summary>
    /// Refuses form posts started by another site. Browsers send Sec-Fetch-Site, which a proxy does not rewrite;
    /// older ones only Origin. Requests with neither (scripts, curl) carry no ambient browser session to abuse.
    /// </summary>
    private bool IsSameOrigin(HttpContext context)
    {
        var request = context.Request;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        bool same;
        if (site.Length > 0)
        {
            same = site is "same-origin" or "none";
        }
        else
        {
            var origin = request.Headers.Origin.ToString();
            same = origin.Length == 0
                || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
        }
        if (!same)
        {
            DashboardLog.CrossSiteRefused(logger, request.Method, request.Path, request.Headers.Origin.ToString());
        }
        return same;
    }

    /// <summary>Only a path on this site, so the login cannot be used to bounce a user to another one.</summary>
    internal static string LocalUrlOrRoot(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) || url.Any(char.IsControl))
        {
            return "/";
        }
        return url;
    }

    private static void Redirect(HttpContext context, string location)
    {
        // 303: the browser follows with GET, so a reload does not post the password again.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    /// <summary>A user name as typed, bounded and without control characters, for the log.</summary>
    private static string Printable(string name)
    {
        var text = name.Length > 64 ? name[..64] + "..." : name;
        return string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
    }
}
