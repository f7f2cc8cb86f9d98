namespace IIoT.Cloud.Configuration;

public sealed class TenantOptions
{
    public string Id { get; set; } = "";

    /// <summary>InfluxDB 1.x database of this tenant.</summary>
    public string? Database { get; set; }

    /// <summary>InfluxDB 2.x bucket of this tenant.</summary>
    public string? Bucket { get; set; }
}
