namespace IIoT.Cloud.Configuration;

/// <summary>The "Cloud" configuration section: storage, tenants, gateways and request limits.</summary>
public sealed class CloudOptions
{
    public const string SectionName = "Cloud";

    public StorageOptions Storage { get; set; } = new();

    public List<TenantOptions> Tenants { get; set; } = [];

    public List<GatewayOptions> Gateways { get; set; } = [];

    public LimitsOptions Limits { get; set; } = new();

    /// <summary>Dashboard users; none means nobody can sign in to the dashboard.</summary>
    public List<UserOptions> Users { get; set; } = [];
}
