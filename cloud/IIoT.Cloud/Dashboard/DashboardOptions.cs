namespace IIoT.Cloud.Dashboard;

/// <summary>The "Cloud:Dashboard" section: sessions, login throttling and the live events stream. Users are in Cloud:Users.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Cloud:Dashboard";

    /// <summary>
    /// Folder of the key ring that signs session cookies. Replicas behind one load balancer must share it (or
    /// use sticky sessions); without it each process keeps its own keys and a restart signs everybody out.
    /// </summary>
    public string? KeysDirectory { get; set; }

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed logins allowed per user name within <see cref="LoginFailureWindow"/>.</summary>
    public int MaxLoginFailuresPerUser { get; set; } = 5;

    /// <summary>Failed logins allowed per remote address within <see cref="LoginFailureWindow"/>.</summary>
    public int MaxLoginFailuresPerAddress { get; set; } = 20;

    public TimeSpan LoginFailureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A comment line on the events stream this often, so proxies do not close an idle connection.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
