using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace IIoT.Cloud.Dashboard;

/// <summary>The signed-in dashboard user: the tenant whose data they may see.</summary>
public static class DashboardUser
{
    /// <summary>Authorization policy of the dashboard page, its events stream and the KPI API.</summary>
    public const string Policy = "dashboard";

    /// <summary>Claim carrying the user's tenant id.</summary>
    public const string TenantClaim = "tenant";

    /// <summary>
    /// The tenant of the signed-in user. Only call it behind <see cref="Policy"/>, which guarantees the claim;
    /// anything else is a wiring bug and throws rather than answering with another tenant's data.
    /// </summary>
    public static string Tenant(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenant = context.User.FindFirstValue(TenantClaim);
        if (string.IsNullOrEmpty(tenant))
        {
            throw new InvalidOperationException("The request has no signed-in dashboard user; is the endpoint behind the 'dashboard' policy?");
        }
        return tenant;
    }
}
