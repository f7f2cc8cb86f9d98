using Microsoft.Extensions.Logging;

namespace IIoT.Cloud.Dashboard;

/// <summary>Log messages of the dashboard; event ids 5100-5199. Never log passwords or cookies.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(5100, LogLevel.Information, "User {UserName} of tenant {TenantId} signed in from {RemoteAddress}")]
    public static partial void SignedIn(ILogger logger, string userName, string tenantId, string? remoteAddress);

    [LoggerMessage(5101, LogLevel.Warning, "Failed login for user name {UserName} from {RemoteAddress}")]
    public static partial void LoginFailed(ILogger logger, string userName, string? remoteAddress);

    [LoggerMessage(5102, LogLevel.Warning, "Too many failed logins for user name {UserName} or from {RemoteAddress}; refused without checking the password")]
    public static partial void LoginThrottled(ILogger logger, string userName, string? remoteAddress);

    [LoggerMessage(5103, LogLevel.Warning, "Refused a cross-site {Method} {Path} (Origin {Origin})")]
    public static partial void CrossSiteRefused(ILogger logger, string method, string path, string? origin);

    [LoggerMessage(5104, LogLevel.Information, "User {UserName} signed out")]
    public static partial void SignedOut(ILogger logger, string userName);

    [LoggerMessage(5105, LogLevel.Warning, "Dashboard session keys are kept in {KeysDirectory}")]
    public static partial void KeysDirectory(ILogger logger, string keysDirectory);
}
